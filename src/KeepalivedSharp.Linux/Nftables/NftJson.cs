using System.Buffers;
using System.Text.Json;

namespace KeepalivedSharp.Linux.Nftables;

/// <summary>
/// The pieces of libnftables JSON commands (libnftables-json(5), nftables 1.0.6) that our tables
/// share: the load balancer's and VRRP's drop rules. Pure: writes to a <see cref="Utf8JsonWriter"/>.
/// </summary>
public static class NftJson
{
    /// <summary><c>{"nftables":[...]}</c>: one batch, applied by the kernel whole or not at all.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> commands)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("nftables");
            commands(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"VERB":{"KIND":{...}}}</c>.</summary>
    public static void Command(Utf8JsonWriter w, string verb, string kind, Action body)
    {
        w.WriteStartObject();
        w.WriteStartObject(verb);
        w.WriteStartObject(kind);
        body();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Match(Utf8JsonWriter w, Action left, Action right)
    {
        w.WriteStartObject();
        w.WriteStartObject("match");
        w.WriteString("op", "==");
        w.WritePropertyName("left");
        left();
        w.WritePropertyName("right");
        right();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Payload(Utf8JsonWriter w, string protocol, string field)
    {
        w.WriteStartObject();
        w.WriteStartObject("payload");
        w.WriteString("protocol", protocol);
        w.WriteString("field", field);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Meta(Utf8JsonWriter w, string key)
    {
        w.WriteStartObject();
        w.WriteStartObject("meta");
        w.WriteString("key", key);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Goto(Utf8JsonWriter w, string target)
    {
        w.WriteStartObject();
        w.WriteStartObject("goto");
        w.WriteString("target", target);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A statement without arguments: <c>{"drop":null}</c>, <c>{"counter":null}</c>.</summary>
    public static void Statement(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject();
        w.WriteNull(name);
        w.WriteEndObject();
    }
}
