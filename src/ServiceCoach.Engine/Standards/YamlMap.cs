using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ServiceCoach.Standards;

/// <summary>A value with the place in the file it came from.</summary>
public readonly record struct Located<T>(T Value, SourceLocation Location);

/// <summary>
/// Reads one YAML mapping against an implicit schema: every getter records the key as known,
/// reports a wrong type with the file, line and column, and <see cref="RejectUnknownKeys"/> then
/// reports whatever keys were never asked for (a misspelt key must not be silently ignored).
/// </summary>
internal sealed partial class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly ProblemCollector _problems;
    private readonly string _context;
    private readonly List<(string Key, YamlNode KeyNode, YamlNode Value)> _entries = [];
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private readonly SourceLocation? _location;

    private YamlMap(YamlMappingNode node, ProblemCollector problems, string context, SourceLocation? location)
    {
        _node = node;
        _problems = problems;
        _context = context;
        _location = location;
        foreach (var (key, value) in node.Children)
        {
            _entries.Add((key is YamlScalarNode scalar ? scalar.Value ?? "" : "", key, value));
        }
    }

    public SourceLocation Location => _location ?? At(_node);

    public ProblemCollector Problems => _problems;

    public string Context => _context;

    /// <param name="location">
    /// Where problems about the mapping as a whole (a missing key) are reported, for a mapping the
    /// loader synthesised and that therefore has no place in the file; null = the node's own place.
    /// </param>
    public static YamlMap? From(YamlNode? node, ProblemCollector problems, string context, SourceLocation? location = null)
    {
        if (node is YamlMappingNode mapping)
        {
            return new YamlMap(mapping, problems, context, location);
        }

        if (node is not null)
        {
            problems.Add(At(node, problems.File), $"{context} must be a mapping (key: value lines), found {Describe(node)}.");
        }

        return null;
    }

    public SourceLocation At(YamlNode node) => At(node, _problems.File);

    public static SourceLocation At(YamlNode node, string file) =>
        new(file, checked((int)node.Start.Line), checked((int)node.Start.Column));

    public bool Has(string key)
    {
        _asked.Add(key);
        return Find(key) is not null;
    }

    public YamlNode? Node(string key)
    {
        _asked.Add(key);
        return Find(key);
    }

    public SourceLocation LocationOf(string key) => Find(key) is { } node ? At(node) : Location;

    public IReadOnlyList<(string Key, SourceLocation KeyLocation, YamlNode Value)> Entries()
    {
        var result = new List<(string, SourceLocation, YamlNode)>(_entries.Count);
        foreach (var (key, keyNode, value) in _entries)
        {
            _asked.Add(key);
            result.Add((key, At(keyNode), value));
        }

        return result;
    }

    public Located<string>? String(string key, bool required = false)
    {
        var node = Required(key, required, "text");
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } value } scalar && !string.IsNullOrWhiteSpace(value))
        {
            // Point at the first character of the text, not at its opening quote.
            var location = At(node);
            var quoted = scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted;
            return new Located<string>(value, quoted ? location with { Column = location.Column + 1 } : location);
        }

        _problems.Add(At(node), node is YamlScalarNode
            ? $"'{key}' in {_context} must not be empty."
            : $"'{key}' in {_context} must be text, found {Describe(node)}.");
        return null;
    }

    /// <summary>
    /// A name or description that is plain text or a mapping from language tag to text
    /// (<see cref="StandardText"/>): the default text (a mapping's first entry) and every language
    /// the mapping gives, or no translations for plain text.
    /// </summary>
    public (Located<string> Text, IReadOnlyDictionary<string, string> Translations)? Text(string key, bool required = false)
    {
        if (Node(key) is not YamlMappingNode mapping)
        {
            return String(key, required) is { } plain ? (plain, StandardText.None) : null;
        }

        var translations = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Located<string>? first = null;
        foreach (var (tagNode, textNode) in mapping.Children)
        {
            var tag = (tagNode as YamlScalarNode)?.Value ?? "";
            if (!LanguageTag().IsMatch(tag))
            {
                _problems.Add(At(tagNode), $"'{key}' in {_context} gives its text per language; '{tag}' is not a language tag (write e.g. zh-CN, zh-Hant or en).");
                continue;
            }

            if (textNode is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
            {
                _problems.Add(At(textNode), $"The {tag} text of '{key}' in {_context} must be text, found {Describe(textNode)}.");
                continue;
            }

            if (!translations.TryAdd(tag, text))
            {
                _problems.Add(At(tagNode), $"'{key}' in {_context} gives the {tag} text twice.");
                continue;
            }

            first ??= new Located<string>(text, At(textNode));
        }

        if (first is null)
        {
            if (mapping.Children.Count == 0)
            {
                _problems.Add(At(mapping), $"'{key}' in {_context} must not be empty.");
            }

            return null;
        }

        return (first.Value, translations);
    }

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue, bool required = false)
    {
        var node = Required(key, required, "a whole number");
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value < min || value > max)
            {
                _problems.Add(At(node), $"'{key}' in {_context} must be between {min} and {max}, found {value}.");
                return null;
            }

            return value;
        }

        _problems.Add(At(node), $"'{key}' in {_context} must be a whole number, found {Describe(node)}.");
        return null;
    }

    public decimal? Decimal(string key, decimal min = decimal.MinValue, decimal max = decimal.MaxValue, bool required = false)
    {
        var node = Required(key, required, "a number");
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } &&
            decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            if (value < min || value > max)
            {
                _problems.Add(At(node), $"'{key}' in {_context} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, found {text}.");
                return null;
            }

            return value;
        }

        _problems.Add(At(node), $"'{key}' in {_context} must be a number, found {Describe(node)}.");
        return null;
    }

    public bool? Bool(string key, bool required = false)
    {
        var node = Required(key, required, "true or false");
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        _problems.Add(At(node), $"'{key}' in {_context} must be true or false, found {Describe(node)}.");
        return null;
    }

    /// <summary>Reads a scalar that must be one of <paramref name="allowed"/> (case-insensitive; each allowed value may have aliases).</summary>
    public TEnum? Enum<TEnum>(string key, IReadOnlyDictionary<string, TEnum> allowed, bool required = false)
        where TEnum : struct
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        foreach (var (name, value) in allowed)
        {
            if (string.Equals(name, text.Value.Value, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        _problems.Add(text.Value.Location, $"'{key}' in {_context} must be one of {string.Join(", ", allowed.Keys)}; found '{text.Value.Value}'.");
        return null;
    }

    /// <summary>A list of texts; a single text is accepted as a list of one.</summary>
    public IReadOnlyList<Located<string>>? StringList(string key, bool required = false, bool allowEmpty = false)
    {
        var node = Required(key, required, "a list");
        if (node is null)
        {
            return null;
        }

        var result = new List<Located<string>>();
        if (node is YamlScalarNode { Value: { } single } && !string.IsNullOrWhiteSpace(single))
        {
            result.Add(new Located<string>(single, At(node)));
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            _problems.Add(At(node), $"'{key}' in {_context} must be a list, found {Describe(node)}.");
            return null;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value))
            {
                result.Add(new Located<string>(value, At(item)));
            }
            else
            {
                _problems.Add(At(item), $"Each item of '{key}' in {_context} must be non-empty text, found {Describe(item)}.");
            }
        }

        if (result.Count == 0 && !allowEmpty && sequence.Children.Count == 0)
        {
            _problems.Add(At(node), $"'{key}' in {_context} must not be an empty list.");
        }

        return result;
    }

    public YamlMap? Map(string key, bool required = false)
    {
        var node = Required(key, required, "a mapping");
        return node is null ? null : From(node, _problems, $"'{key}' in {_context}");
    }

    public YamlSequenceNode? Sequence(string key, bool required = false)
    {
        var node = Required(key, required, "a list");
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        _problems.Add(At(node), $"'{key}' in {_context} must be a list, found {Describe(node)}.");
        return null;
    }

    /// <summary>Reports every key that no getter asked for, with the closest known key as a hint.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (key, keyNode, _) in _entries)
        {
            if (_asked.Contains(key))
            {
                continue;
            }

            var hint = ClosestKnown(key);
            var known = string.Join(", ", _asked.Order(StringComparer.Ordinal));
            _problems.Add(At(keyNode), hint is null
                ? $"Unknown key '{key}' in {_context}. Known keys: {known}."
                : $"Unknown key '{key}' in {_context}. Did you mean '{hint}'?");
        }
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: null or "" } => "nothing",
        YamlScalarNode scalar => $"'{Truncate(scalar.Value!)}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an unsupported value",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");

    private YamlNode? Required(string key, bool required, string expected)
    {
        _asked.Add(key);
        var node = Find(key);
        if (node is null && required)
        {
            _problems.Add(Location, $"{Capitalize(_context)} needs '{key}' ({expected}).");
        }

        return node;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private YamlNode? Find(string key)
    {
        foreach (var (k, _, value) in _entries)
        {
            if (k == key)
            {
                return value;
            }
        }

        return null;
    }

    private string? ClosestKnown(string key)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in _asked)
        {
            var distance = EditDistance(key.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial System.Text.RegularExpressions.Regex LanguageTag();
}
