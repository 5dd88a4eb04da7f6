using System.Globalization;
using System.Text.Json;

namespace GoRtc.Testing;

/// <summary>
/// The matching rule of a <c>recv</c> stage: every top-level key of the expected object must be present in the
/// received object with an equal JSON value; keys the expectation does not name are ignored.
/// </summary>
/// <remarks>
/// Equality is JSON-type-sensitive (<c>1</c> ≠ <c>"1"</c>, <c>true</c> ≠ <c>"true"</c>, <c>null</c> only equals <c>null</c>).
/// Numbers are compared by value (<c>1</c> = <c>1.0</c> = <c>1e0</c>, as the reference compared float64s).
/// Nested objects and arrays are compared deeply and exactly: a nested object must have the same key set
/// (in any order) and equal values, an array the same length and equal elements in order. (The reference
/// crashed on nested values; only the top level is partial.)
/// </remarks>
public static class JsonPartialMatch
{
    /// <summary>True when <paramref name="received"/> satisfies <paramref name="expected"/>.</summary>
    public static bool IsMatch(JsonElement expected, JsonElement received) => Differences(expected, received).Count == 0;

    /// <summary>
    /// The reasons why <paramref name="received"/> does not satisfy <paramref name="expected"/>, one line per key;
    /// empty when it matches.
    /// </summary>
    public static IReadOnlyList<string> Differences(JsonElement expected, JsonElement received)
    {
        if (expected.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The expectation must be a JSON object, not {Kind(expected)}.", nameof(expected));
        }

        if (received.ValueKind != JsonValueKind.Object)
        {
            return [$"the received message is {Kind(received)}, not a JSON object"];
        }

        var differences = new List<string>();
        foreach (var property in expected.EnumerateObject())
        {
            if (!received.TryGetProperty(property.Name, out var actual))
            {
                differences.Add($"\"{property.Name}\": missing (expected {Describe(property.Value)})");
            }
            else if (!DeepEquals(property.Value, actual))
            {
                differences.Add($"\"{property.Name}\": expected {Describe(property.Value)} but received {Describe(actual)}");
            }
        }

        return differences;
    }

    /// <summary>Exact, type-sensitive JSON equality (object key order ignored, numbers compared by value).</summary>
    public static bool DeepEquals(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }

        switch (left.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Undefined:
                return true;
            case JsonValueKind.String:
                return string.Equals(left.GetString(), right.GetString(), StringComparison.Ordinal);
            case JsonValueKind.Number:
                return NumbersEqual(left, right);
            case JsonValueKind.Array:
                if (left.GetArrayLength() != right.GetArrayLength())
                {
                    return false;
                }

                using (var l = left.EnumerateArray())
                using (var r = right.EnumerateArray())
                {
                    while (l.MoveNext() && r.MoveNext())
                    {
                        if (!DeepEquals(l.Current, r.Current))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case JsonValueKind.Object:
                var leftProperties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in left.EnumerateObject())
                {
                    leftProperties[property.Name] = property.Value;
                }

                var rightCount = 0;
                foreach (var property in right.EnumerateObject())
                {
                    rightCount++;
                    if (!leftProperties.TryGetValue(property.Name, out var value) || !DeepEquals(value, property.Value))
                    {
                        return false;
                    }
                }

                return rightCount == leftProperties.Count;
            default:
                return false;
        }
    }

    /// <summary>A value and its JSON type for messages, e.g. <c>200 (number)</c>, <c>"200" (string)</c>.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Undefined => "nothing",
        _ => $"{value.GetRawText()} ({TypeName(value.ValueKind)})",
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "a " + TypeName(value.ValueKind),
    };

    private static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static bool NumbersEqual(JsonElement left, JsonElement right)
    {
        if (string.Equals(left.GetRawText(), right.GetRawText(), StringComparison.Ordinal))
        {
            return true;
        }

        if (TryDecimal(left, out var l) && TryDecimal(right, out var r))
        {
            return l == r;
        }

        return left.TryGetDouble(out var ld) && right.TryGetDouble(out var rd) && ld.Equals(rd);
    }

    private static bool TryDecimal(JsonElement value, out decimal result) =>
        decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
}
