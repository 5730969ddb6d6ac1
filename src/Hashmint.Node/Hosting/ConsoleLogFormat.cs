using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Hosting;

public sealed class ConsoleLogFormatOptions : ConsoleFormatterOptions
{
    /// <summary>Append the full exception (--verbose); otherwise only its type and message.</summary>
    public bool Verbose { get; set; }
}

/// <summary>Node log lines for people: "HH:mm:ss level message", with an exception as one line unless verbose.</summary>
public sealed class ConsoleLogFormat(IOptionsMonitor<ConsoleLogFormatOptions> options) : ConsoleFormatter(FormatName)
{
    public const string FormatName = "hashmint";

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopes, TextWriter writer)
    {
        string message = entry.Formatter(entry.State, entry.Exception);
        string level = entry.LogLevel switch
        {
            LogLevel.Trace => "trace", LogLevel.Debug => "debug", LogLevel.Information => "info",
            LogLevel.Warning => "warn", LogLevel.Error => "error", _ => "fatal",
        };
        writer.Write($"{DateTime.Now:HH:mm:ss} {level} {message}");
        if (entry.Exception is { } e) writer.Write(options.CurrentValue.Verbose ? Environment.NewLine + e : $": {e.GetType().Name}: {e.Message}");
        writer.WriteLine();
    }
}
