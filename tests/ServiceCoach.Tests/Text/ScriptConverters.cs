using System.Runtime.InteropServices;
using System.Text;

namespace ServiceCoach.Tests.Text;

/// <summary>
/// Writes simplified Chinese in traditional script the ways real traditional text reaches us:
/// ICU's Simplified-Traditional transform (the library .NET itself uses on Linux) and OpenCC's
/// s2t, s2tw and s2hk (its dictionaries are copied in Text/OpenCC by tools/generate-script-tables.sh;
/// the conversion follows opencc-js: longest match per dictionary group, earlier dictionaries
/// first, segmentation for the regional variants).
/// </summary>
internal static class ScriptConverters
{
    public static readonly string[] OpenCcTargets = ["s2t", "s2tw", "s2hk"];

    private static readonly Lazy<Dictionary<string, OpenCc>> Converters = new(() => new()
    {
        ["s2t"] = new OpenCc(null, [["STPhrases", "STPhrases_GeneratedFromRegionalPhrases", "STCharacters"]]),
        ["s2tw"] = new OpenCc(["STPhrases", "STPhrases_GeneratedFromRegionalPhrases"], [["STPhrases", "STPhrases_GeneratedFromRegionalPhrases", "STCharacters"], ["TWVariantsPhrases", "TWVariants"]]),
        ["s2hk"] = new OpenCc(["STPhrases", "STPhrases_GeneratedFromRegionalPhrases"], [["STPhrases", "STPhrases_GeneratedFromRegionalPhrases", "STCharacters"], ["HKVariantsPhrases", "HKVariants"]]),
    });

    private static readonly Lazy<Group> Compatibility = new(() => new Group(["CJK_Compatibility_Ideographs"]));

    public static string OpenCcConvert(string target, string text) => Converters.Value[target].Convert(text);

    /// <summary>ICU's transform, or null where ICU cannot be loaded (not Linux, or no libicu).</summary>
    public static string? Icu(string text) => IcuTransform.Instance.Value?.Transform(text);

    public static string IcuUnavailable => "ICU (libicui18n) cannot be loaded on this machine, so text cannot be converted with ICU's Simplified-Traditional transform.";

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Text", "OpenCC");

    private sealed class Group
    {
        private readonly Dictionary<string, string> _entries = new(StringComparer.Ordinal);
        private readonly int _longest;

        public Group(IEnumerable<string> dictionaries)
        {
            // Earlier dictionaries win, as opencc-js loads a group in reverse.
            foreach (var name in dictionaries.Reverse())
            {
                foreach (var line in File.ReadLines(Path.Combine(Folder, name + ".txt")))
                {
                    var tab = line.IndexOf('\t', StringComparison.Ordinal);
                    if (tab > 0)
                    {
                        _entries[line[..tab]] = line[(tab + 1)..];
                        _longest = Math.Max(_longest, tab);
                    }
                }
            }
        }

        public bool TryMatch(string text, int at, out int length, out string value)
        {
            for (length = Math.Min(_longest, text.Length - at); length > 0; length--)
            {
                if (_entries.TryGetValue(text.Substring(at, length), out value!))
                {
                    return true;
                }
            }

            value = "";
            return false;
        }

        public string Convert(string text)
        {
            var output = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length;)
            {
                if (TryMatch(text, i, out var length, out var value))
                {
                    output.Append(value);
                    i += length;
                }
                else
                {
                    var step = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
                    output.Append(text, i, step);
                    i += step;
                }
            }

            return output.ToString();
        }

        public List<string> Segment(string text)
        {
            var segments = new List<string>();
            var unmatched = -1;
            for (var i = 0; i < text.Length;)
            {
                if (TryMatch(text, i, out var length, out _))
                {
                    if (unmatched >= 0)
                    {
                        segments.Add(text[unmatched..i]);
                        unmatched = -1;
                    }

                    segments.Add(text.Substring(i, length));
                    i += length;
                }
                else
                {
                    unmatched = unmatched < 0 ? i : unmatched;
                    i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
                }
            }

            if (unmatched >= 0)
            {
                segments.Add(text[unmatched..]);
            }

            return segments;
        }
    }

    private sealed class OpenCc(string[]? segmentation, string[][] chain)
    {
        private readonly Group? _segmentation = segmentation is null ? null : new Group(segmentation);
        private readonly Group[] _chain = [.. chain.Select(g => new Group(g))];

        public string Convert(string text)
        {
            var normalized = Compatibility.Value.Convert(text);
            IEnumerable<string> segments = _segmentation?.Segment(normalized) ?? [normalized];
            foreach (var group in _chain)
            {
                segments = [.. segments.Select(group.Convert)];
            }

            return string.Concat(segments);
        }
    }

    /// <summary>ICU's utrans C API, found the way .NET finds ICU: the library and symbols carry ICU's major version.</summary>
    private sealed class IcuTransform
    {
        public static readonly Lazy<IcuTransform?> Instance = new(Load);

        private readonly IntPtr _transliterator;
        private readonly TransUChars _transform;
        private readonly Lock _lock = new();

        private IcuTransform(IntPtr transliterator, TransUChars transform)
        {
            _transliterator = transliterator;
            _transform = transform;
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate IntPtr OpenU([MarshalAs(UnmanagedType.LPWStr)] string id, int idLength, int direction, IntPtr rules, int rulesLength, IntPtr parseError, ref int status);

        // ICU's UChar is UTF-16: without CharSet.Unicode a char[] would be marshalled as one byte per character.
        [UnmanagedFunctionPointer(CallingConvention.Cdecl, CharSet = CharSet.Unicode)]
        private delegate void TransUChars(IntPtr transliterator, [In, Out] char[] text, ref int textLength, int capacity, int start, ref int limit, ref int status);

        public string Transform(string text)
        {
            lock (_lock)
            {
                var capacity = text.Length * 4 + 16;
                var buffer = new char[capacity];
                text.CopyTo(0, buffer, 0, text.Length);
                int length = text.Length, limit = text.Length, status = 0;
                _transform(_transliterator, buffer, ref length, capacity, 0, ref limit, ref status);
                if (status > 0)
                {
                    throw new InvalidOperationException($"ICU utrans_transUChars failed with status {status}.");
                }

                return new string(buffer, 0, length);
            }
        }

        private static IcuTransform? Load()
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            for (var version = 90; version >= 50; version--)
            {
                if (!NativeLibrary.TryLoad($"libicui18n.so.{version}", out var library))
                {
                    continue;
                }

                if (!NativeLibrary.TryGetExport(library, $"utrans_openU_{version}", out var open) ||
                    !NativeLibrary.TryGetExport(library, $"utrans_transUChars_{version}", out var transform))
                {
                    return null;
                }

                const string id = "Simplified-Traditional";
                var status = 0;
                var transliterator = Marshal.GetDelegateForFunctionPointer<OpenU>(open)(id, id.Length, 0, IntPtr.Zero, 0, IntPtr.Zero, ref status);
                return status > 0 || transliterator == IntPtr.Zero
                    ? null
                    : new IcuTransform(transliterator, Marshal.GetDelegateForFunctionPointer<TransUChars>(transform));
            }

            return null;
        }
    }
}
