using Monitors.Core.Subscriptions;

namespace Monitors.Core.Email;

/// <summary>Renders the sign-up emails with the templates every email uses and hands them to the sender.</summary>
public sealed class SignUpMailer(EmailComposer composer, IEmailSender sender) : ISignUpMailer
{
    public Task SendConfirmationAsync(Subscriber subscriber, CancellationToken cancellationToken = default) =>
        sender.SendAsync(composer.Confirmation(subscriber), cancellationToken);

    public Task SendAlreadySubscribedAsync(Subscriber subscriber, CancellationToken cancellationToken = default) =>
        sender.SendAsync(composer.AlreadySubscribed(subscriber), cancellationToken);
}
