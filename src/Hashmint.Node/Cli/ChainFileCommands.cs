using System.Buffers.Binary;
using System.CommandLine;
using System.Diagnostics;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Hosting;
using Hashmint.Storage;

namespace Hashmint.Node.Cli;

/// <summary>
/// `export`, `import` and `verify-state`: move a main chain through a file (u32 little-endian length | block
/// bytes, repeated), and prove a database's state by replaying its blocks from genesis. These work on a data
/// directory whose node is stopped (the database takes an exclusive lock).
/// </summary>
public static class ChainFileCommands
{
    public static Command Export()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var file = new Option<string>("--file") { Description = "Chain file to write", Required = true };
        var cmd = new Command("export", "Write the main chain (after genesis) to a chain file") { dataDir, network, file };
        cmd.SetAction(result =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            if (!Directory.Exists(dir.DatabasePath)) throw new CliException($"no chain database in {dir.Path} (nothing to export)");
            string path = result.GetValue(file)!;
            using var output = CliFiles.Create(path, "--file"); // checked before the database is opened
            using var store = OpenStore(dir);
            var ledger = new LedgerFacade(store, p);
            if (ledger.ValidatedFrom is { } floor)
                throw new CliException($"this node started from a snapshot at height {floor.Height}: the blocks below it are not yet backfilled, so the chain cannot be exported");
            int count = 0;
            Span<byte> len = stackalloc byte[4];
            foreach (var block in ledger.MainChainBlocks(1))
            {
                var bytes = block.Encode();
                BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)bytes.Length);
                output.Write(len);
                output.Write(bytes);
                count++;
            }
            output.Commit();
            Console.WriteLine($"exported {count} blocks (tip height {ledger.Tip.Height})");
            return 0;
        });
        return cmd;
    }

    public static Command Import()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var file = new Option<string>("--file") { Description = "Chain file to read", Required = true };
        var progress = new Option<bool>("--progress") { Description = "Print a line as each block connects" };
        var cmd = new Command("import", "Validate and connect every block of a chain file") { dataDir, network, file, progress };
        cmd.SetAction(result =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            string path = result.GetValue(file)!;
            using var input = CliFiles.OpenRead(path, "--file");
            // The first record is read before the data directory is made: a file that is no chain file changes nothing.
            using var blocksInFile = ReadChainFile(input, path, p).GetEnumerator();
            bool more = blocksInFile.MoveNext();
            dir.Create();
            dir.BindNetwork(p.Name);
            using var store = OpenStore(dir);
            var ledger = new LedgerFacade(store, p);
            bool showProgress = result.GetValue(progress);
            var sw = Stopwatch.StartNew();
            long blocks = 0, txs = 0;
            for (; more; more = blocksInFile.MoveNext())
            {
                var block = blocksInFile.Current;
                var r = ledger.SubmitBlock(block);
                if (r.Rejection is not null) throw new CliException($"block {block.Height} ({block.Hash}) rejected: {r.Rejection}");
                if (showProgress && r.Outcome == BlockOutcome.Connected) Console.WriteLine($"connected {block.Height}");
                blocks++;
                txs += block.Transactions.Count;
            }
            double s = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"imported {blocks} blocks, {txs} transactions in {s:0.00} s ({blocks / Math.Max(s, 1e-9):0.0} blocks/s, {txs / Math.Max(s, 1e-9):0} tx/s); tip height {ledger.Tip.Height}");
            return 0;
        });
        return cmd;
    }

    public static Command VerifyState()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var cmd = new Command("verify-state", "Replay the stored main chain from genesis and compare the state with the database") { dataDir, network };
        cmd.SetAction(result =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            // No database yet is a chain at genesis (an import killed before it wrote anything): it opens and verifies as one.
            using var store = OpenStore(dir);
            var ledger = new LedgerFacade(store, p);
            // A snapshot node replays like any other once every body below its snapshot is backfilled.
            if (ledger.Backfill is { Missing: > 0 } backfill)
                throw new CliException($"this node started from a snapshot at height {backfill.ValidatedFrom}: the blocks below it are not yet backfilled, so there is no chain to replay from genesis");
            var report = ledger.VerifyState();
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, CliJson.Options));
            return report.Consistent ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>The blocks of a chain file, decoded one at a time; a short, oversized or unreadable record is one clear error.</summary>
    public static IEnumerable<Block> ReadChainFile(Stream input, string path, ChainParams p)
    {
        var len = new byte[4];
        for (long index = 0; ; index++)
        {
            int got = Read(input, len, path);
            if (got == 0) yield break;
            if (got < 4) throw new CliException($"--file {path}: not a chain file, or cut short (it ends inside the length of block record {index})");
            uint n = BinaryPrimitives.ReadUInt32LittleEndian(len);
            if (n > p.MaxBlockBytes) throw new CliException($"--file {path}: not a {p.Name} chain file (block record {index} claims {n} bytes, over the {p.MaxBlockBytes}-byte limit)");
            var bytes = new byte[n];
            if (Read(input, bytes, path) < n) throw new CliException($"--file {path}: cut short (it ends inside block record {index})");
            Block block;
            try { block = OperationRegistry.Default.DecodeBlock(bytes, p.MaxBlockBytes); }
            catch (Core.Encoding.DecodeException e) { throw new CliException($"--file {path}: block record {index} is malformed ({e.Message})"); }
            yield return block;
        }
    }

    private static int Read(Stream input, byte[] buffer, string path)
    {
        try { return input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false); }
        catch (IOException e) { throw CliFiles.ReadFailed(path, "--file", e); }
    }

    private static RocksDbKeyValueStore OpenStore(DataDirectory dir)
    {
        try { return RocksDbKeyValueStore.Open(dir.DatabasePath, LedgerColumns.All); }
        catch (DataDirectoryInUseException) { throw new CliException($"data directory {dir.Path} is in use by another hashmint process (stop that node first)"); }
    }
}
