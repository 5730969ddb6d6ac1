using System.CommandLine;
using System.Text.Json;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Hosting;
using Hashmint.Wallet;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint wallet create|show|balance|send`. The passphrase comes from HASHMINT_PASSPHRASE or a prompt, never an argument.</summary>
public static class WalletCommands
{
    public static Command Build()
    {
        var wallet = new Command("wallet", "Keys and coins: create a wallet, show its address, check the balance, send coins");
        wallet.Subcommands.Add(Create());
        wallet.Subcommands.Add(Show());
        wallet.Subcommands.Add(Balance());
        wallet.Subcommands.Add(Send());
        return wallet;
    }

    private static Command Create()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var words = new Option<int>("--words") { Description = "Mnemonic length: 12 or 24", DefaultValueFactory = _ => 24 };
        var cmd = new Command("create", "Create a BIP-39 wallet, encrypted in the data directory's wallet.json") { dataDir, network, words };
        cmd.SetAction(result =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            dir.Create();
            dir.BindNetwork(p.Name);
            if (File.Exists(dir.WalletPath)) throw new CliException($"{dir.WalletPath} already exists; refusing to overwrite a wallet");
            int n = result.GetValue(words);
            if (n is not (12 or 24)) throw new CliException("--words must be 12 or 24");
            var passphrase = PassphraseSource.System.GetNew();
            var hd = HdWallet.Create(n);
            Keystore.Save(dir.WalletPath, hd, passphrase);
            string address = hd.GetAddress(0, p.AddressPrefix);
            dir.WriteWalletAddress(address);
            Console.WriteLine($"wallet   {dir.WalletPath}");
            Console.WriteLine($"address  {address}");
            Console.WriteLine($"mnemonic {hd.Mnemonic}");
            Console.WriteLine("write the mnemonic down: it is the only way to restore this wallet");
            return 0;
        });
        return cmd;
    }

    private static Command Show()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var cmd = new Command("show", "Show the wallet's address") { dataDir, network };
        cmd.SetAction(result =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            var address = dir.ReadWalletAddress() ?? throw new CliException($"no wallet in {dir.Path} ('hashmint wallet create' makes one)");
            Console.WriteLine(address);
            return 0;
        });
        return cmd;
    }

    private static Command Balance()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var addressOpt = new Option<string?>("--address") { Description = "Any address (default: the wallet's)" };
        var cmd = new Command("balance", "Balance and nonce from the running node") { dataDir, network, addressOpt };
        cmd.SetAction(async (result, ct) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            string address = result.GetValue(addressOpt) ?? dir.ReadWalletAddress() ?? throw new CliException($"no wallet in {dir.Path}; pass --address");
            using var client = NodeClient.FromDataDir(dir.Path);
            var json = await client.GetJsonAsync($"api/v1/accounts/{address}", ct);
            Console.WriteLine($"address  {address}");
            Console.WriteLine($"balance  {json.GetProperty("balance").GetString()} HMT");
            Console.WriteLine($"immature {json.GetProperty("immature").GetString()} HMT (coinbase payouts not yet spendable)");
            Console.WriteLine($"nonce    {json.GetProperty("nonce").GetUInt64()}");
            Console.WriteLine($"at       height {json.GetProperty("height").GetUInt32()}");
            return 0;
        });
        return cmd;
    }

    private static Command Send()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var to = new Option<string>("--to") { Description = "Recipient address", Required = true };
        var amount = new Option<string>("--amount") { Description = "Amount in HMT, e.g. 1.5", Required = true };
        var fee = new Option<ulong?>("--fee") { Description = "Fee in base units (default: 2 units per byte)" };
        var cmd = new Command("send", "Sign a transfer with the wallet and submit it to the running node") { dataDir, network, to, amount, fee };
        cmd.SetAction(async (result, ct) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            if (!AccountId.TryParse(result.GetValue(to)!, p.AddressPrefix, out var recipient, out var error)) throw new CliException($"--to: {error}");
            if (!Amount.TryParseCoins(result.GetValue(amount)!, out var value) || value.Units == 0) throw new CliException("--amount must be a positive number of HMT with at most 8 decimals");
            using var session = WalletSession.Open(p, dir);
            var txid = await session.SubmitAsync([new TransferOperation(recipient, value)], result.GetValue(fee), ct);
            Console.WriteLine(txid);
            return 0;
        });
        return cmd;
    }

    internal static string Pretty(JsonElement e) => JsonSerializer.Serialize(e, new JsonSerializerOptions { WriteIndented = true });
}
