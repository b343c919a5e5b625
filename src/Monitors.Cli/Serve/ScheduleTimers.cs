using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Monitors.Core.Alerts;
using Monitors.Core.Checking;
using Monitors.Core.Configuration;

namespace Monitors.Cli.Serve;

/// <summary>The <c>ScheduleChecks</c> timer, locally: every document's check on <c>CHECK_SCHEDULE</c>.</summary>
internal sealed class CheckScheduleService(CheckScheduler scheduler, IConfiguration configuration, TimeProvider time, ILogger<CheckScheduleService> logger)
    : CronTimerService(AppSettings.CheckSchedule, CronTimerService.DefaultCheckSchedule, configuration, time, logger)
{
    protected override async Task<int> FireAsync(CancellationToken cancellationToken) => (await scheduler.EnqueueAsync(cancellationToken: cancellationToken)).Count;
}

/// <summary>The <c>NotifyOutages</c> timer, locally: outage notices on <c>CHECK_SCHEDULE</c>, with the checks.</summary>
internal sealed class OutageNoticeService(OutageNotifier notifier, IConfiguration configuration, TimeProvider time, ILogger<OutageNoticeService> logger)
    : CronTimerService(AppSettings.CheckSchedule, CronTimerService.DefaultCheckSchedule, configuration, time, logger)
{
    protected override Task<int> FireAsync(CancellationToken cancellationToken) => notifier.SendDueAsync(cancellationToken);
}

/// <summary>The <c>ScheduleDigests</c> timer, locally: the weekly digests on <c>DIGEST_SCHEDULE</c> (default Monday 08:00 UTC).</summary>
internal sealed class DigestScheduleService(DigestScheduler scheduler, IConfiguration configuration, TimeProvider time, ILogger<DigestScheduleService> logger)
    : CronTimerService(AppSettings.DigestSchedule, CronTimerService.DefaultDigestSchedule, configuration, time, logger)
{
    protected override async Task<int> FireAsync(CancellationToken cancellationToken) => (await scheduler.EnqueueAsync(cancellationToken: cancellationToken)).Count;
}
