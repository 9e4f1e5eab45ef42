using System.Text;
using System.Text.Json;

namespace Wca.Discovery.Kubernetes;

/// <summary>
/// Reads a PodList (kubelet <c>/pods</c>, apiserver <c>/api/v1/namespaces/&lt;ns&gt;/pods</c>) with
/// <see cref="Utf8JsonReader"/>: only the fields a task needs become strings, everything else (managedFields,
/// annotations, volumes, env, probes …) is skipped in place, so parsing allocates about the size of what is kept,
/// not of the answer. Malformed or truncated JSON and a wrong shape (no <c>items</c> array, a string where an
/// object belongs) throw <see cref="PodListFormatException"/> with the byte offset.
/// </summary>
internal static class PodListReader
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    /// <summary>Appends the pods of <paramref name="json"/> to <paramref name="pods"/>.</summary>
    public static void Read(ReadOnlySpan<byte> json, List<KubernetesPod> pods)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(Options));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Shape(ref reader, "the answer is not a JSON object (a PodList)");
            var sawItems = false;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("items"u8))
                {
                    reader.Read();
                    sawItems = true;
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    Expect(ref reader, JsonTokenType.StartArray, "items");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        Expect(ref reader, JsonTokenType.StartObject, "items[]");
                        pods.Add(ReadPod(ref reader));
                    }
                }
                else SkipValue(ref reader);
            }
            if (!sawItems) throw Shape(ref reader, "the answer has no 'items' (not a PodList)");
        }
        catch (JsonException e)
        {
            throw new PodListFormatException($"invalid JSON at byte {e.BytePositionInLine ?? reader.BytesConsumed}: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader's Get* on a token of another type (a number where a string belongs).
            throw new PodListFormatException($"unexpected value at byte {reader.TokenStartIndex}: {e.Message}", e);
        }
    }

    private static KubernetesPod ReadPod(ref Utf8JsonReader reader)
    {
        var pod = new KubernetesPod();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("metadata"u8)) ReadObject(ref reader, pod, "metadata", ReadMetadata);
            else if (reader.ValueTextEquals("spec"u8)) ReadObject(ref reader, pod, "spec", ReadSpec);
            else if (reader.ValueTextEquals("status"u8)) ReadObject(ref reader, pod, "status", ReadStatus);
            else SkipValue(ref reader);
        }
        return pod;
    }

    private delegate void ObjectReader(ref Utf8JsonReader reader, KubernetesPod pod);

    /// <summary>Moves to the value of the current property and reads it as an object (null: nothing).</summary>
    private static void ReadObject(ref Utf8JsonReader reader, KubernetesPod pod, string what, ObjectReader read)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartObject, what);
        read(ref reader, pod);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, KubernetesPod pod)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) pod.Name = ReadString(ref reader);
            else if (reader.ValueTextEquals("namespace"u8)) pod.Namespace = ReadString(ref reader);
            else if (reader.ValueTextEquals("uid"u8)) pod.Uid = ReadString(ref reader);
            else if (reader.ValueTextEquals("labels"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                Expect(ref reader, JsonTokenType.StartObject, "metadata.labels");
                while (NextProperty(ref reader))
                {
                    var key = reader.GetString()!;
                    var value = ReadString(ref reader);
                    if (value is not null) pod.Labels.Add(new(key, value));
                }
            }
            else SkipValue(ref reader);
        }
    }

    private static void ReadSpec(ref Utf8JsonReader reader, KubernetesPod pod)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("nodeName"u8)) pod.NodeName = ReadString(ref reader);
            else if (reader.ValueTextEquals("containers"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                Expect(ref reader, JsonTokenType.StartArray, "spec.containers");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Expect(ref reader, JsonTokenType.StartObject, "spec.containers[]");
                    while (NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals("resources"u8)) ReadObject(ref reader, pod, "resources", ReadResources);
                        else SkipValue(ref reader);
                    }
                }
            }
            else SkipValue(ref reader);
        }
    }

    private static void ReadResources(ref Utf8JsonReader reader, KubernetesPod pod)
    {
        while (NextProperty(ref reader))
        {
            var kind = reader.ValueTextEquals("requests"u8) ? "requests_" : reader.ValueTextEquals("limits"u8) ? "limits_" : null;
            if (kind is null)
            {
                SkipValue(ref reader); // claims (dynamic resource allocation) and what later versions add
                continue;
            }
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) continue;
            Expect(ref reader, JsonTokenType.StartObject, "resources." + kind.TrimEnd('_'));
            while (NextProperty(ref reader))
            {
                var key = kind == "requests_"
                    ? reader.ValueTextEquals("cpu"u8) ? "requests_cpu" : reader.ValueTextEquals("memory"u8) ? "requests_memory" : null
                    : reader.ValueTextEquals("cpu"u8) ? "limits_cpu" : reader.ValueTextEquals("memory"u8) ? "limits_memory" : null;
                key ??= kind + reader.GetString();
                reader.Read();
                // A quantity is a JSON string; a bare number is accepted as its text.
                var ok = reader.TokenType is JsonTokenType.String or JsonTokenType.Number;
                var value = 0d;
                if (ok)
                {
                    var raw = reader.HasValueSequence || reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString() ?? "") : reader.ValueSpan;
                    ok = KubernetesQuantity.TryParse(raw, out value);
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                if (!ok)
                {
                    pod.BadQuantity ??= key;
                    continue;
                }
                pod.Resources[key] = pod.Resources.TryGetValue(key, out var sum) ? sum + value : value;
            }
        }
    }

    private static void ReadStatus(ref Utf8JsonReader reader, KubernetesPod pod)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("phase"u8)) pod.Phase = ReadKnown(ref reader, Phases);
            else if (reader.ValueTextEquals("hostIP"u8)) pod.HostIp = ReadString(ref reader);
            else if (reader.ValueTextEquals("qosClass"u8)) pod.QosClass = ReadKnown(ref reader, QosClasses);
            else if (reader.ValueTextEquals("containerStatuses"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                Expect(ref reader, JsonTokenType.StartArray, "status.containerStatuses");
                var list = pod.Containers = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Expect(ref reader, JsonTokenType.StartObject, "status.containerStatuses[]");
                    list.Add(ReadContainerStatus(ref reader));
                }
            }
            else SkipValue(ref reader);
        }
    }

    private static PodContainerStatus ReadContainerStatus(ref Utf8JsonReader reader)
    {
        string? name = null, id = null, state = null;
        var ready = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) name = ReadString(ref reader);
            else if (reader.ValueTextEquals("containerID"u8)) id = ReadString(ref reader);
            else if (reader.ValueTextEquals("ready"u8))
            {
                reader.Read();
                ready = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("state"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    if (reader.TokenType == JsonTokenType.StartArray) reader.Skip();
                    continue;
                }
                while (NextProperty(ref reader))
                {
                    state ??= reader.ValueTextEquals("running"u8) ? "running"
                        : reader.ValueTextEquals("waiting"u8) ? "waiting"
                        : reader.ValueTextEquals("terminated"u8) ? "terminated"
                        : reader.GetString();
                    SkipValue(ref reader);
                }
            }
            else SkipValue(ref reader);
        }
        return new PodContainerStatus(name, ready, id, state);
    }

    /// <summary>Reads to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new PodListFormatException($"the answer ends early, at byte {reader.BytesConsumed} (truncated?)");
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Skips the value of the current property.</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new PodListFormatException($"the answer ends early, at byte {reader.BytesConsumed} (truncated?)");
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
    }

    private static readonly string[] Phases = ["Running", "Pending", "Succeeded", "Failed", "Unknown"];
    private static readonly string[] QosClasses = ["Guaranteed", "Burstable", "BestEffort"];

    /// <summary>Like <see cref="ReadString"/>, but a value out of <paramref name="known"/> is that very string (no allocation).</summary>
    private static string? ReadKnown(ref Utf8JsonReader reader, string[] known)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
            foreach (var value in known)
                if (reader.ValueTextEquals(value)) return value;
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Shape(ref reader, $"expected a string, found {reader.TokenType}"),
        };
    }

    /// <summary>The string value of the current property, null for JSON null; another type is a format error.</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Shape(ref reader, $"expected a string, found {reader.TokenType}"),
        };
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type) throw Shape(ref reader, $"'{what}' is {reader.TokenType}, expected {type}");
    }

    private static PodListFormatException Shape(ref Utf8JsonReader reader, string message) =>
        new($"{message} (at byte {reader.TokenStartIndex})");
}
