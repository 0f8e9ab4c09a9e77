using Microsoft.Extensions.Logging;

namespace Wharf.Www.Pools;

/// <summary>
/// The service's loggers as YARP's forwarder gets them: errors only. It would otherwise write two
/// Information lines per request (measured: most of the proxy's time on a small response) and a
/// stack trace per failed request, which <see cref="PoolLog"/> already names with pool and worker.
/// </summary>
internal sealed class QuietLoggerFactory(ILoggerFactory inner, LogLevel minimum = LogLevel.Error) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Quiet(inner.CreateLogger(categoryName), minimum);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The service owns the inner factory.
    public void Dispose() { }

    private sealed class Quiet(ILogger inner, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
