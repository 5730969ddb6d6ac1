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
            using var store = OpenStore(dir);
            var ledger = new LedgerFacade(store, p);
            using var output = File.Create(result.GetValue(file)!);
            Span<byte> len = stackalloc byte[4];
            int count = 0;
            foreach (var block in ledger.MainChainBlocks(1))
            {
                var bytes = block.Encode();
                BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)bytes.Length);
                output.Write(len);
                output.Write(bytes);
                count++;
            }
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
            dir.Create();
            dir.BindNetwork(p.Name);
            using var store = OpenStore(dir);
            var ledger = new LedgerFacade(store, p);
            bool showProgress = result.GetValue(progress);
            var sw = Stopwatch.StartNew();
            long blocks = 0, txs = 0;
            foreach (var block in ReadChainFile(result.GetValue(file)!, p))
            {
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
        var cmd = new Command("verify-state", "Replay the stored main chain from genesis in memory and compare the state with the database") { dataDir, network };
        cmd.SetAction(result =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            using var store = OpenStore(dir);
            var report = new LedgerFacade(store, p).VerifyState();
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, CliJson.Options));
            return report.Consistent ? 0 : 1;
        });
        return cmd;
    }

    public static IEnumerable<Block> ReadChainFile(string path, ChainParams p)
    {
        using var input = File.OpenRead(path);
        var len = new byte[4];
        while (true)
        {
            int got = input.ReadAtLeast(len, 4, throwOnEndOfStream: false);
            if (got == 0) yield break;
            if (got < 4) throw new CliException("chain file ends inside a length field");
            uint n = BinaryPrimitives.ReadUInt32LittleEndian(len);
            if (n > p.MaxBlockBytes) throw new CliException($"chain file holds a {n}-byte block, over the {p.MaxBlockBytes}-byte limit");
            var bytes = new byte[n];
            if (input.ReadAtLeast(bytes, (int)n, throwOnEndOfStream: false) < n) throw new CliException("chain file ends inside a block");
            yield return OperationRegistry.Default.DecodeBlock(bytes, p.MaxBlockBytes);
        }
    }


    private static RocksDbKeyValueStore OpenStore(DataDirectory dir)
    {
        try { return RocksDbKeyValueStore.Open(dir.DatabasePath, LedgerColumns.All); }
        catch (DataDirectoryInUseException) { throw new CliException($"data directory {dir.Path} is in use by another hashmint process"); }
    }
}
