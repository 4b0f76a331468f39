using System.Security.Cryptography;

namespace ServiceCoach.Users;

/// <summary>Generated passwords: never a fixed password in code, always one that satisfies the Identity policy.</summary>
public static class Passwords
{
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "!@#$%*-_+=";

    public static string Generate(int length = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 8);
        var all = Lower + Upper + Digits + Symbols;
        var chars = new char[length];
        chars[0] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[1] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var i = 4; i < length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
