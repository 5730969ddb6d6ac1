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
        words.CustomParser = r =>
        {
            if (r.Tokens.Count == 1 && r.Tokens[0].Value.Trim() is "12" or "24") return int.Parse(r.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture);
            r.AddError($"--words: '{(r.Tokens.Count == 1 ? r.Tokens[0].Value : "")}' is not 12 or 24");
            return 24;
        };
        var cmd = new Command("create", "Create a BIP-39 wallet, encrypted in the data directory's wallet.json") { dataDir, network, words };
        cmd.SetAction(result =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            dir.Create();
            dir.BindNetwork(p.Name);
            if (File.Exists(dir.WalletPath) || Directory.Exists(dir.WalletPath)) throw new CliException($"{dir.WalletPath} already exists; refusing to overwrite a wallet");
            int n = result.GetValue(words);
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
        var addressOpt = new Option<string?>("--address") { Description = "Any address (default: the wallet's)" };
        var cmd = new Command("balance", "Balance and nonce from the running node") { addressOpt };
        var target = NodeTarget.AddTo(cmd, "wallet balance", readsDataDir: r => r.Value(addressOpt) is null);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            string address = result.GetValue(addressOpt) ?? node.Dir.ReadWalletAddress() ?? throw new CliException($"no wallet in {node.Dir.Path}; pass --address or --datadir");
            if (!Core.Primitives.AccountId.TryParse(address, node.Network.AddressPrefix, out _, out var bad)) throw new CliException($"--address: {bad}");
            var json = await node.Client.GetJsonAsync($"api/v1/accounts/{address}", ct);
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
        var to = new Option<string>("--to") { Description = "Recipient address", Required = true };
        var amount = CoinsOption("--amount", "Amount in HMT, e.g. 1.5", positive: true);
        amount.Required = true;
        var fee = FeeOption();
        var cmd = new Command("send", "Sign a transfer with the wallet and submit it to the running node") { to, amount, fee };
        var target = NodeTarget.AddTo(cmd, "wallet send", readsDataDir: _ => true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var recipient = ParseAddress(result.GetValue(to)!, "--to", node.Network);
            var value = result.GetValue(amount)!.Value;
            using var session = WalletSession.Open(node);
            var txid = await session.SubmitAsync([new TransferOperation(recipient, value)], result.GetValue(fee), ct);
            Console.WriteLine(txid);
            return 0;
        });
        return cmd;
    }

    /// <summary>An amount of HMT (at most 8 decimals), parsed with the CLI's message.</summary>
    internal static Option<Amount?> CoinsOption(string name, string description, bool positive)
    {
        var option = new Option<Amount?>(name) { Description = description, HelpName = "hmt" };
        option.CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (Amount.TryParseCoins(text, out var value) && (!positive || value.Units > 0)) return value;
            r.AddError($"{name}: '{text}' is not {(positive ? "a positive" : "an")} amount of HMT (e.g. 1.5, at most 8 decimals)");
            return null;
        };
        return option;
    }

    /// <summary>--fee in base units (1 HMT = 100000000); without it, 2 units per byte of the signed transaction.</summary>
    internal static Option<ulong?> FeeOption() => new("--fee") { Description = "Fee in base units, 1 HMT = 100000000 (default: 2 units per byte)" };

    internal static AccountId ParseAddress(string text, string option, Core.Consensus.ChainParams network) =>
        AccountId.TryParse(text, network.AddressPrefix, out var account, out var error) ? account : throw new UsageException($"{option}: {error}");

    internal static string Pretty(JsonElement e) => JsonSerializer.Serialize(e, new JsonSerializerOptions { WriteIndented = true });
}
