using KeepalivedSharp.Operations.Logging;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Hosting;

/// <summary>Registration: <c>builder.Logging.AddSyslog(new SyslogOptions { Facility = SyslogOptions.FacilityFromOption(options.LogFacility) })</c>.</summary>
public static class SyslogLoggingExtensions
{
    public static ILoggingBuilder AddSyslog(this ILoggingBuilder builder, SyslogOptions options)
    {
        builder.AddProvider(new SyslogLoggerProvider(options));
        return builder;
    }
}
