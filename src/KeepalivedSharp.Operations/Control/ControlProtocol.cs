using System.Text.Json;
using System.Text.Json.Serialization;

namespace KeepalivedSharp.Operations.Control;

/// <summary>One request line on the control socket: <c>{"command":"status"|"reload"|"clear-stats"}</c>.</summary>
public sealed record ControlRequest(string Command);

/// <summary>
/// What a request line asks for: <see cref="Command"/> (one of the known commands) when <see cref="Refusal"/> is
/// null, else the error reply to send and <see cref="Reason"/> to log.
/// </summary>
public readonly record struct ParsedRequest(string Command, string? Refusal = null, string? Reason = null);

/// <summary>The reply to a reload.</summary>
public sealed record ReloadDocument(bool Applied, List<string> Diagnostics, List<string> Changes);

/// <summary>One reply line: <c>ok</c>, and the status, the reload result or the error.</summary>
public sealed record ControlResponse(bool Ok, string? Error = null, StatusDocument? Status = null, ReloadDocument? Reload = null);

/// <summary>The control socket's commands and the source-generated JSON (no reflection: NativeAOT).</summary>
public static class ControlProtocol
{
    public const string DefaultSocketPath = "/run/keepalived-sharp/control.sock";
    public const string Status = "status";
    public const string Reload = "reload";
    public const string ClearStats = "clear-stats";

    /// <summary>The longest reply line the client accepts (a status of thousands of instances fits). Requests are bounded by <see cref="ConnectionLimits.Control"/>.</summary>
    public const int MaxReplyBytes = 16 * 1024 * 1024;

    public static string Serialize(ControlRequest request) => JsonSerializer.Serialize(request, ControlJson.Default.ControlRequest);
    public static string Serialize(ControlResponse response) => JsonSerializer.Serialize(response, ControlJson.Default.ControlResponse);
    public static string Serialize(StatusDocument status) => JsonSerializer.Serialize(status, ControlJson.Indented.StatusDocument);

    public static ControlRequest? ParseRequest(string line) => JsonSerializer.Deserialize(line, ControlJson.Default.ControlRequest);
    /// <summary>Pure: decides what a request line asks for; never throws (a line that is not a request is a refusal).</summary>
    public static ParsedRequest Interpret(string line)
    {
        ControlRequest? request;
        try
        {
            request = ParseRequest(line);
        }
        catch (JsonException e)
        {
            return new ParsedRequest("", "bad request: not a JSON object {\"command\": ...}", e.Message);
        }
        var command = request?.Command ?? "";
        return command is Status or Reload or ClearStats
            ? new ParsedRequest(command)
            : new ParsedRequest(command, $"unknown command '{command}' (status, reload, clear-stats)", $"unknown command '{command}'");
    }

    public static ControlResponse? ParseResponse(string line) => JsonSerializer.Deserialize(line, ControlJson.Default.ControlResponse);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class ControlJson : JsonSerializerContext
{
    private static ControlJson? _indented;

    public static ControlJson Indented => _indented ??= new ControlJson(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}
