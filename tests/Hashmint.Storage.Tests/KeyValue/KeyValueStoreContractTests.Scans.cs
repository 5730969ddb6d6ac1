using CsCheck;

namespace Hashmint.Storage.Tests;

/// <summary>Prefix scans, forward and reverse, with seek keys (rules: docs/STORAGE.md, "Scans").</summary>
public abstract partial class KeyValueStoreContractTests
{
    private static readonly ScanOptions Backward = new() { Reverse = true };

    private static ScanOptions Forward(byte[]? from, bool exclusive = false) => new() { From = from, FromExclusive = exclusive };

    private static ScanOptions Reverse(byte[]? from, bool exclusive = false) => new() { Reverse = true, From = from, FromExclusive = exclusive };

    private List<byte[]> Keys(ColumnFamily family, byte[] prefix, ScanOptions options = default) =>
        Store.Iterate(family, prefix, options).Select(p => p.Key).ToList();

    /// <summary>Puts each key with the value key ‖ 0xEE, so a value shows which key it belongs to.</summary>
    private void Fill(ColumnFamily family, IEnumerable<byte[]> keys) => Write(b =>
    {
        foreach (var key in keys) b.Put(family, key, [.. key, 0xEE]);
    });

    private static List<byte[]> Sorted(IEnumerable<byte[]> keys) => [.. keys.Order(ByteArrayComparer.Instance)];

    private static List<byte[]> SortedDescending(IEnumerable<byte[]> keys) => [.. keys.OrderDescending(ByteArrayComparer.Instance)];

    [Fact]
    public void IterateReturnsThePrefixRangeInUnsignedByteOrder()
    {
        byte[][] keys = [[0x01], [0x01, 0x00], [0x01, 0x7F], [0x01, 0x80], [0x01, 0xFF], [0x01, 0xFF, 0xFF], [0x02], [0x00, 0x01], [0xFF], [0xFF, 0x00]];
        Fill(TestFamilies.Scans, keys);
        Fill(TestFamilies.Other, [[0x01, 0x01]]);

        var underOne = Store.Iterate(TestFamilies.Scans, [0x01]).ToList();
        Assert.Equal([[0x01], [0x01, 0x00], [0x01, 0x7F], [0x01, 0x80], [0x01, 0xFF], [0x01, 0xFF, 0xFF]], underOne.Select(p => p.Key));
        Assert.All(underOne, pair => Assert.Equal([.. pair.Key, 0xEE], pair.Value));

        Assert.Equal([[0x01, 0xFF], [0x01, 0xFF, 0xFF]], Store.Iterate(TestFamilies.Scans, [0x01, 0xFF]).Select(p => p.Key));
        Assert.Equal([[0xFF], [0xFF, 0x00]], Store.Iterate(TestFamilies.Scans, [0xFF]).Select(p => p.Key));
        Assert.Empty(Store.Iterate(TestFamilies.Scans, [0x03]));
        Assert.Empty(Store.Iterate(TestFamilies.Scans, [0xFF, 0xFF]));
        Assert.Empty(Store.Iterate(TestFamilies.Plain, []));

        var all = Store.Iterate(TestFamilies.Scans, []).Select(p => p.Key).ToList();
        Assert.Equal(Sorted(keys), all);
    }

    [Fact]
    public void ReverseYieldsThePrefixRangeInDescendingOrder()
    {
        byte[][] keys = [[0x01], [0x01, 0x00], [0x01, 0x7F], [0x01, 0x80], [0x01, 0xFF], [0x01, 0xFF, 0xFF], [0x02], [0x00, 0x01], [0xFF], [0xFF, 0x00]];
        Fill(TestFamilies.Scans, keys);
        Fill(TestFamilies.Other, [[0x01, 0x01]]);

        var underOne = Store.Iterate(TestFamilies.Scans, [0x01], Backward).ToList();
        Assert.Equal([[0x01, 0xFF, 0xFF], [0x01, 0xFF], [0x01, 0x80], [0x01, 0x7F], [0x01, 0x00], [0x01]], underOne.Select(p => p.Key));
        Assert.All(underOne, pair => Assert.Equal([.. pair.Key, 0xEE], pair.Value));
        // The range ends below an existing key ([0x02]) here, and below a missing one ([0x01]) there.
        Assert.Equal([[0x00, 0x01]], Keys(TestFamilies.Scans, [0x00], Backward));
        Assert.Empty(Keys(TestFamilies.Scans, [0x03], Backward));
        Assert.Empty(Keys(TestFamilies.Scans, [0x00, 0x00], Backward));
        // The default options are a plain forward scan.
        Assert.Equal(Keys(TestFamilies.Scans, [0x01]), Store.Iterate(TestFamilies.Scans, [0x01], default).Select(p => p.Key));
    }

    // Keys under the prefix 0x10: 10 02, 10 04, 10 06, 10 08; neighbours just outside it on both sides.
    private void FillSeekRange() =>
        Fill(TestFamilies.Scans, [[0x0F], [0x0F, 0xFF, 0xFF], [0x10, 0x02], [0x10, 0x04], [0x10, 0x06], [0x10, 0x08], [0x11], [0x11, 0x00]]);

    [Theory]
    // forward: keys >= From (> when exclusive)
    [InlineData(false, "1004", false, "1004 1006 1008")]
    [InlineData(false, "1004", true, "1006 1008")]
    [InlineData(false, "1005", false, "1006 1008")]       // From absent
    [InlineData(false, "1005", true, "1006 1008")]
    [InlineData(false, "100400", false, "1006 1008")]     // From longer than the keys
    [InlineData(false, "1008", true, "")]                 // past the last key
    [InlineData(false, "10", false, "1002 1004 1006 1008")] // From = the prefix itself
    [InlineData(false, "10", true, "1002 1004 1006 1008")]
    // reverse: keys <= From (< when exclusive)
    [InlineData(true, "1006", false, "1006 1004 1002")]
    [InlineData(true, "1006", true, "1004 1002")]
    [InlineData(true, "1005", false, "1004 1002")]
    [InlineData(true, "1005", true, "1004 1002")]
    [InlineData(true, "100400", false, "1004 1002")]
    [InlineData(true, "1002", true, "")]
    [InlineData(true, "10", false, "")]                   // nothing in the range is <= the bare prefix
    public void SeekInsideThePrefixRange(bool reverse, string from, bool exclusive, string expected)
    {
        FillSeekRange();
        var options = new ScanOptions { Reverse = reverse, From = Convert.FromHexString(from), FromExclusive = exclusive };
        Assert.Equal(Hex(expected), Keys(TestFamilies.Scans, [0x10], options));
    }

    [Theory]
    // A From outside the range clamps to it: below it, forward scans all and reverse nothing; above it, the mirror.
    [InlineData(false, "0F", false, "1002 1004 1006 1008")]
    [InlineData(false, "0FFFFF", true, "1002 1004 1006 1008")]
    [InlineData(false, "", false, "1002 1004 1006 1008")]
    [InlineData(false, "11", false, "")]
    [InlineData(false, "10FF", false, "")]                // inside the range, above its keys
    [InlineData(false, "FFFF", false, "")]
    [InlineData(true, "0F", false, "")]
    [InlineData(true, "0FFFFF", false, "")]
    [InlineData(true, "", false, "")]
    [InlineData(true, "11", false, "1008 1006 1004 1002")] // = the range's upper bound, which exists
    [InlineData(true, "11", true, "1008 1006 1004 1002")]
    [InlineData(true, "1100", false, "1008 1006 1004 1002")]
    [InlineData(true, "10FF", false, "1008 1006 1004 1002")]
    [InlineData(true, "FFFFFF", true, "1008 1006 1004 1002")]
    public void SeekOutsideThePrefixRangeClamps(bool reverse, string from, bool exclusive, string expected)
    {
        FillSeekRange();
        var options = new ScanOptions { Reverse = reverse, From = Convert.FromHexString(from), FromExclusive = exclusive };
        Assert.Equal(Hex(expected), Keys(TestFamilies.Scans, [0x10], options));
    }

    [Fact]
    public void ExclusiveWithoutFromIsAPlainScan()
    {
        FillSeekRange();
        Assert.Equal(Hex("1002 1004 1006 1008"), Keys(TestFamilies.Scans, [0x10], new ScanOptions { FromExclusive = true }));
        Assert.Equal(Hex("1008 1006 1004 1002"), Keys(TestFamilies.Scans, [0x10], new ScanOptions { Reverse = true, FromExclusive = true }));
    }

    [Fact]
    public void TheSeekKeyIsCopiedAtTheCall()
    {
        FillSeekRange();
        var from = new byte[] { 0x10, 0x06 };
        var scan = Store.Iterate(TestFamilies.Scans, [0x10], Forward(from));
        from[1] = 0x00;
        Assert.Equal(Hex("1006 1008"), scan.Select(p => p.Key));
    }

    [Fact]
    public void AnEmptyPrefixScansTheWholeFamily()
    {
        byte[][] keys = [[0x00], [0x00, 0x00], [0x10], [0x7F, 0xFF], [0x80], [0xFF], [0xFF, 0xFF, 0xFF]];
        Fill(TestFamilies.Scans, keys);
        Fill(TestFamilies.Other, [[0x55]]);

        Assert.Equal(Sorted(keys), Keys(TestFamilies.Scans, []));
        Assert.Equal(SortedDescending(keys), Keys(TestFamilies.Scans, [], Backward));
        Assert.Equal(Hex("80 FF FFFFFF"), Keys(TestFamilies.Scans, [], Forward([0x7F, 0xFF], exclusive: true)));
        Assert.Equal(Hex("7FFF 10 0000 00"), Keys(TestFamilies.Scans, [], Reverse([0x7F, 0xFF])));
        Assert.Equal(Hex("00"), Keys(TestFamilies.Scans, [], Reverse([0x00, 0x00], exclusive: true)));
        Assert.Empty(Keys(TestFamilies.Scans, [], Reverse([0x00], exclusive: true)));
        Assert.Equal(SortedDescending(keys), Keys(TestFamilies.Scans, [], Reverse([0xFF, 0xFF, 0xFF, 0xFF])));
        Assert.Empty(Keys(TestFamilies.Scans, [], Forward([0xFF, 0xFF, 0xFF], exclusive: true)));
    }

    [Fact]
    public void PrefixesEndingInFFHaveNoOrALaterUpperBound()
    {
        byte[][] keys =
        [
            [0x01, 0xFE], [0x01, 0xFF], [0x01, 0xFF, 0x00], [0x01, 0xFF, 0xFF], [0x02],
            [0xFE, 0xFF], [0xFF], [0xFF, 0x00], [0xFF, 0xFF], [0xFF, 0xFF, 0x00], [0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF],
        ];
        Fill(TestFamilies.Scans, keys);

        // 01 FF: the range ends just below 02, which exists.
        Assert.Equal(Hex("01FF 01FF00 01FFFF"), Keys(TestFamilies.Scans, [0x01, 0xFF]));
        Assert.Equal(Hex("01FFFF 01FF00 01FF"), Keys(TestFamilies.Scans, [0x01, 0xFF], Backward));
        Assert.Equal(Hex("01FF00 01FF"), Keys(TestFamilies.Scans, [0x01, 0xFF], Reverse([0x01, 0xFF, 0xFF], exclusive: true)));
        // All 0xFF: the range runs to the end of the family.
        Assert.Equal(Hex("FF FF00 FFFF FFFF00 FFFFFF FFFFFFFF"), Keys(TestFamilies.Scans, [0xFF]));
        Assert.Equal(Hex("FFFFFFFF FFFFFF FFFF00 FFFF FF00 FF"), Keys(TestFamilies.Scans, [0xFF], Backward));
        Assert.Equal(Hex("FFFFFFFF FFFFFF FFFF00 FFFF"), Keys(TestFamilies.Scans, [0xFF, 0xFF], Backward));
        Assert.Equal(Hex("FFFF FFFF00 FFFFFF FFFFFFFF"), Keys(TestFamilies.Scans, [0xFF, 0xFF]));
        Assert.Equal(Hex("FFFF00 FFFF"), Keys(TestFamilies.Scans, [0xFF, 0xFF], Reverse([0xFF, 0xFF, 0xFF], exclusive: true)));
        Assert.Equal(Hex("FFFFFF FFFFFFFF"), Keys(TestFamilies.Scans, [0xFF, 0xFF], Forward([0xFF, 0xFF, 0x00], exclusive: true)));
        Assert.Equal(Hex("FFFFFFFF"), Keys(TestFamilies.Scans, [0xFF, 0xFF, 0xFF, 0xFF], Backward));
        Assert.Empty(Keys(TestFamilies.Scans, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF], Backward));
        Assert.Empty(Keys(TestFamilies.Scans, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(Hex("FEFF"), Keys(TestFamilies.Scans, [0xFE], Backward));
    }

    [Fact]
    public void AnEmptyFamilyScansToNothing()
    {
        Fill(TestFamilies.Other, [[0x00], [0x10], [0xFF]]);
        // Also a family whose only keys were deleted: RocksDB then has to step over the tombstones.
        Fill(TestFamilies.Plain, [[0x00], [0x10], [0xFF]]);
        Write(b =>
        {
            foreach (var key in new byte[][] { [0x00], [0x10], [0xFF] }) b.Delete(TestFamilies.Plain, key);
        });
        foreach (var family in new[] { TestFamilies.Scans, TestFamilies.Plain })
        {
            foreach (byte[] prefix in new byte[][] { [], [0x10], [0xFF] })
            {
                foreach (var options in new[] { default, Backward, Forward([0x10]), Reverse([0x10]), Forward([0x10], true), Reverse([0x10], true), Reverse([0xFF, 0xFF]) })
                    Assert.Empty(Keys(family, prefix, options));
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CursorPagingVisitsEveryKeyOnceWhileKeysAreWrittenBetweenPages(bool reverse)
    {
        const int PageSize = 7;
        byte[] prefix = [0x20];
        static byte[] Key(int n) => [0x20, (byte)(n >> 8), (byte)n];
        // Even numbers are there from the start; odd ones are written between pages.
        var expected = new SortedSet<byte[]>(Enumerable.Range(0, 60).Select(i => Key(2 * i)), ByteArrayComparer.Instance);
        Fill(TestFamilies.Scans, expected);
        Fill(TestFamilies.Scans, [[0x1F, 0xFF, 0xFF], [0x21]]);

        var visited = new List<byte[]>();
        byte[]? cursor = null;
        for (var page = 0; ; page++)
        {
            Assert.True(page < 100, "paging does not end");
            // Take stops early: the enumerator (and its snapshot) is disposed mid-scan.
            var keys = Store.Iterate(TestFamilies.Scans, prefix, new ScanOptions { Reverse = reverse, From = cursor, FromExclusive = true })
                .Take(PageSize).Select(p => p.Key).ToList();
            visited.AddRange(keys);
            if (keys.Count < PageSize) break;
            cursor = keys[^1];
            var last = (cursor[1] << 8) | cursor[2];
            var behind = reverse ? last + 1 : last - 1;
            var ahead = reverse ? last - 3 : last + 3;
            Write(b =>
            {
                b.Put(TestFamilies.Scans, Key(behind), [0]);           // already passed: never visited
                if (ahead >= 0) b.Put(TestFamilies.Scans, Key(ahead), [0]); // still ahead: visited once
                b.Put(TestFamilies.Scans, cursor, [1]);                // the cursor key changes value ...
                if (page % 3 == 2) b.Delete(TestFamilies.Scans, cursor); // ... or disappears (From absent)
                b.Put(TestFamilies.Scans, [0x1F, 0xFF, (byte)page], [0]); // neighbours outside the prefix
                b.Put(TestFamilies.Scans, [0x21, (byte)page], [0]);
            });
            if (ahead >= 0) expected.Add(Key(ahead));
        }

        Assert.Equal(reverse ? expected.Reverse() : expected, visited);
    }

    [Fact]
    public void IterationSeesAStableViewWhileWritesContinue()
    {
        Write(b =>
        {
            for (byte i = 0; i < 20; i++) b.Put(TestFamilies.Plain, [0xA0, i], [1]);
        });
        using var enumerator = Store.Iterate(TestFamilies.Plain, [0xA0]).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Write(b =>
        {
            for (byte i = 0; i < 20; i++) b.Put(TestFamilies.Plain, [0xA0, i], [2]);
            b.Put(TestFamilies.Plain, [0xA0, 0xFF], [2]);
        });
        var seen = new List<byte> { enumerator.Current.Value[0] };
        while (enumerator.MoveNext()) seen.Add(enumerator.Current.Value[0]);
        Assert.Equal(Enumerable.Repeat((byte)1, 20), seen);
    }

    [Fact]
    public void AReverseScanSeesAStableViewWhileABatchIsWritten()
    {
        var original = Enumerable.Range(0, 20).Select(i => new byte[] { 0xA0, (byte)(10 * i + 5) }).ToList();
        Write(b =>
        {
            foreach (var key in original) b.Put(TestFamilies.Plain, key, [1]);
        });
        using var enumerator = Store.Iterate(TestFamilies.Plain, [0xA0], Reverse([0xA0, 0xFF])).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.True(enumerator.MoveNext());
        // One batch changes keys on both sides of the scan's position, adds some and deletes some.
        Write(b =>
        {
            foreach (var key in original) b.Put(TestFamilies.Plain, key, [2]);
            for (byte i = 0; i < 200; i += 10) b.Put(TestFamilies.Plain, [0xA0, i], [2]);
            b.Delete(TestFamilies.Plain, original[3]);
            b.Delete(TestFamilies.Plain, original[18]);
            b.Put(TestFamilies.Plain, [0xA0, 0xFF], [2]);
        });
        var seen = new List<KeyValuePair<byte[], byte[]>>();
        while (enumerator.MoveNext()) seen.Add(enumerator.Current);
        Assert.Equal(SortedDescending(original).Skip(2), seen.Select(p => p.Key));
        Assert.All(seen, p => Assert.Equal([1], p.Value));
        // A new scan sees the batch whole.
        var after = Store.Iterate(TestFamilies.Plain, [0xA0], Backward).ToList();
        Assert.Equal(20 + 20 - 2 + 1, after.Count);
        Assert.All(after, p => Assert.Equal([2], p.Value));
    }

    [Fact]
    public void TheViewIsTakenWhenTheEnumerationStarts()
    {
        Fill(TestFamilies.Plain, [[0x01]]);
        var scan = Store.Iterate(TestFamilies.Plain, [], Backward);
        Fill(TestFamilies.Plain, [[0x02]]);
        Assert.Equal(Hex("02 01"), scan.Select(p => p.Key));
    }

    [Fact]
    public async Task ReadersNeverSeeHalfABatch()
    {
        const int KeyCount = 16;
        const int MinimumBatches = 200;
        const int MinimumChecksPerReader = 50;
        var stop = 0;
        var checksByReader = new int[3];
        // Reader 0 scans forward, reader 1 backward, reader 2 backward from a seek key inside the range.
        var readerOptions = new[] { default, Backward, Reverse([0xB0, KeyCount / 2]) };
        var readers = Enumerable.Range(0, checksByReader.Length).Select(reader => Task.Run(() =>
        {
            var expectedCount = reader == 2 ? KeyCount / 2 + 1 : KeyCount;
            while (Volatile.Read(ref stop) == 0)
            {
                var values = Store.Iterate(TestFamilies.Plain, [0xB0], readerOptions[reader]).Select(p => p.Value[0]).ToList();
                if (values.Count > 0)
                {
                    Assert.Equal(expectedCount, values.Count);
                    Assert.All(values, v => Assert.Equal(values[0], v));
                }
                Interlocked.Increment(ref checksByReader[reader]);
            }
        })).ToArray();

        // Writes until every reader has checked many times while writes were happening (bounded).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var round = 0;
        while (round < MinimumBatches || Enumerable.Range(0, checksByReader.Length).Any(i => Volatile.Read(ref checksByReader[i]) < MinimumChecksPerReader))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the readers made too little progress");
            var value = (byte)round++;
            Write(b =>
            {
                for (byte i = 0; i < KeyCount; i++) b.Put(TestFamilies.Plain, [0xB0, i], [value]);
            });
        }
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(readers);
        Assert.Equal([(byte)(round - 1)], Read(TestFamilies.Plain, [0xB0, 0]));
    }

    /// <summary>
    /// Random key sets (from bytes near the edges of the order: 00, 01, 7F, 80, FE, FF) against random
    /// scans, compared with a sorted list filtered by the definition. Each case first deletes the
    /// previous case's keys, so scans also step over tombstones.
    /// </summary>
    [Fact]
    public void ScansMatchASortedReferenceModel()
    {
        var edgeByte = Gen.OneOf<byte>(0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF);
        var key = edgeByte.Array[0, 3];
        var scan = Gen.Select(key, Gen.Bool, key.Null(0.3), Gen.Bool,
            (prefix, reverse, from, exclusive) => (Prefix: prefix, Options: new ScanOptions { Reverse = reverse, From = from, FromExclusive = exclusive }));
        var cases = Gen.Select(key.Array[0, 40], scan.Array[1, 12]);
        var family = TestFamilies.Scans;

        cases.Sample((keys, scans) =>
        {
            var stale = Keys(family, []);
            Write(b =>
            {
                foreach (var old in stale) b.Delete(family, old);
                foreach (var k in keys) b.Put(family, k, [.. k, 0xEE]);
            });
            var model = new SortedSet<byte[]>(keys, ByteArrayComparer.Instance);
            foreach (var (prefix, options) in scans)
            {
                var actual = Store.Iterate(family, prefix, options).ToList();
                Assert.Equal(Model(model, prefix, options), actual.Select(p => p.Key));
                Assert.All(actual, p => Assert.Equal([.. p.Key, 0xEE], p.Value));
            }
        }, iter: 300, threads: 1, print: c => $"keys [{string.Join(' ', c.Item1.Select(Show))}] scans [{string.Join("; ", c.Item2.Select(s => Show(s.Prefix, s.Options)))}]");
    }

    private static string Show(byte[] key) => key.Length == 0 ? "(empty)" : Convert.ToHexString(key);

    private static string Show(byte[] prefix, ScanOptions options) =>
        $"prefix {Show(prefix)} {(options.Reverse ? "reverse" : "forward")} from {(options.From is null ? "null" : Show(options.From))}{(options.FromExclusive ? " exclusive" : "")}";

    /// <summary>The scan rules, written as literally as possible.</summary>
    private static IEnumerable<byte[]> Model(SortedSet<byte[]> keys, byte[] prefix, ScanOptions options)
    {
        var comparer = ByteArrayComparer.Instance;
        var inRange = keys.Where(k => k.AsSpan().StartsWith(prefix));
        if (options.From is { } from)
        {
            inRange = options.Reverse
                ? inRange.Where(k => options.FromExclusive ? comparer.Compare(k, from) < 0 : comparer.Compare(k, from) <= 0)
                : inRange.Where(k => options.FromExclusive ? comparer.Compare(k, from) > 0 : comparer.Compare(k, from) >= 0);
        }
        return options.Reverse ? inRange.Reverse() : inRange;
    }

    /// <summary>"1002 1004" → [[0x10, 0x02], [0x10, 0x04]]; "" → none.</summary>
    private static List<byte[]> Hex(string keys) =>
        [.. keys.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Convert.FromHexString)];
}
