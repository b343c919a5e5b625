using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;

namespace Monitors.IntegrationTests.Infrastructure;

/// <summary>Registers stores behind a <see cref="FaultOnCall{T}"/> decorator.</summary>
public static class FaultOnCall
{
    /// <summary>Registers <typeparamref name="T"/> as <typeparamref name="TImplementation"/> (the real store) behind the decorator.</summary>
    public static void Register<T, TImplementation>(IServiceCollection services, Func<MethodInfo, object?[], bool> when, Action fault)
        where T : class
        where TImplementation : class, T =>
        services.AddSingleton(sp => FaultOnCall<T>.Wrap(ActivatorUtilities.CreateInstance<TImplementation>(sp), when, fault));
}

/// <summary>
/// A store decorator that runs an action — stopping Azurite — the first time a chosen call is made, then makes the call
/// (which then finds no emulator). Lets a test stop storage at an exact point of a run: after the version blob is
/// written but before the state row, after the change record but before the publication, after a delivery is claimed
/// but before it is marked sent.
/// </summary>
public class FaultOnCall<T> : DispatchProxy where T : class
{
    private T _inner = null!;
    private Func<MethodInfo, object?[], bool> _when = null!;
    private Action _fault = null!;
    private int _fired;

    public bool Fired => _fired != 0;

    internal static T Wrap(T inner, Func<MethodInfo, object?[], bool> when, Action fault)
    {
        var proxy = Create<T, FaultOnCall<T>>();
        var self = (FaultOnCall<T>)(object)proxy;
        self._inner = inner;
        self._when = when;
        self._fault = fault;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        if (_fired == 0 && _when(targetMethod, args) && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            _fault();
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
