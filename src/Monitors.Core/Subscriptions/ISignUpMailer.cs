namespace Monitors.Core.Subscriptions;

/// <summary>
/// The emails signing up sends: the double opt-in confirmation, or a note that the address already follows. Written by
/// the email area (<c>Email/SignUpMailer</c>); subscriptions decide when, email decides how.
/// </summary>
public interface ISignUpMailer
{
    Task SendConfirmationAsync(Subscriber subscriber, CancellationToken cancellationToken = default);

    Task SendAlreadySubscribedAsync(Subscriber subscriber, CancellationToken cancellationToken = default);
}
