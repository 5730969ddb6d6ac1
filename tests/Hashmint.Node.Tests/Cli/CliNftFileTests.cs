using System.Security.Cryptography;
using Hashmint.Core.Nft;

namespace Hashmint.Node.Tests.Cli;

/// <summary>
/// `nft mint --file`, `nft show --image` and the enum names against a live regtest node: every file problem is one
/// line, and the names the CLI takes are the ones the API shows.
/// </summary>
public sealed class CliNftFileTests(RegtestCliFixture f) : IClassFixture<RegtestCliFixture>
{
    private Task<CliRun> Mint(params string[] extra) => f.Run(["nft", "mint", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, .. extra]);

    [Fact]
    public async Task Mint_file_problems_are_one_line_each()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp.Sub("a-directory"));
        File.WriteAllBytes(tmp.Sub("big.bin"), new byte[TokenContent.MaxOnChainBytes + 1]);

        var missing = await Mint("--file", tmp.Sub("missing.png"), "--mime", "image/png");
        CliAssert.OneLineError(missing, CliAssert.Failure, "--file", "missing.png: no such file");
        var directory = await Mint("--file", tmp.Sub("a-directory"), "--mime", "image/png");
        CliAssert.OneLineError(directory, CliAssert.Failure, "a-directory: is a directory, not a file");
        var unreadable = await Mint("--file", CliAssert.UnreadableFile(tmp), "--mime", "image/png");
        CliAssert.OneLineError(unreadable, CliAssert.Failure, "cannot read it");
        var tooLarge = await Mint("--file", tmp.Sub("big.bin"), "--mime", "application/octet-stream");
        CliAssert.OneLineError(tooLarge, CliAssert.Failure, "65537 bytes is too large (at most 65536)", "--uri");
        var badHash = await Mint("--uri", "https://example.test/a", "--content-hash", "abc");
        CliAssert.OneLineError(badHash, CliAssert.Usage, "--content-hash: 'abc' is not a SHA-256 (64 hex digits");
        var hashAlone = await Mint("--content-hash", new string('0', 64));
        CliAssert.OneLineError(hashAlone, CliAssert.Usage, "--content-hash goes with --uri");

        // The large file is fine by reference: only its SHA-256 goes on-chain, and --content-hash gives the same one.
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(tmp.Sub("big.bin"))));
        ulong before = await f.MintedAsync(RegtestCliFixture.Collection);
        await f.Submitted("nft", "mint", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--uri", "https://example.test/big.bin", "--file", tmp.Sub("big.bin"));
        await f.Submitted("nft", "mint", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--uri", "https://example.test/big.bin", "--content-hash", sha.ToUpperInvariant());
        await f.Node.GenerateAsync(1);
        foreach (ulong id in new[] { before + 1, before + 2 })
        {
            var content = (await f.TokenAsync(id)).GetProperty("content");
            Assert.Equal(sha, content.GetProperty("contentHash").GetString());
            Assert.Equal("https://example.test/big.bin", content.GetProperty("uri").GetString());
        }
    }

    [Fact]
    public async Task Show_image_output_problems_are_one_line_and_keep_an_existing_file()
    {
        using var tmp = new TempDir();
        var ids = await f.MintAsync(1);
        string[] show = ["nft", "show", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--token", $"{ids[0]}"];
        Directory.CreateDirectory(tmp.Sub("a-directory"));
        File.WriteAllText(tmp.Sub("a-file"), "x");

        var directory = await f.Run([.. show, "--image", tmp.Sub("a-directory")]);
        CliAssert.OneLineError(directory, CliAssert.Failure, "--image", "is a directory; give a file path inside it");
        var noParent = await f.Run([.. show, "--image", Path.Combine(tmp.Sub("no-such-dir"), "art.png")]);
        CliAssert.OneLineError(noParent, CliAssert.Failure, "no-such-dir does not exist (create it first)");
        var fileParent = await f.Run([.. show, "--image", Path.Combine(tmp.Sub("a-file"), "art.png")]);
        CliAssert.OneLineError(fileParent, CliAssert.Failure, "a-file is a file, not a directory");
        var unwritable = await f.Run([.. show, "--image", CliAssert.UnwritablePath(tmp, "art.png")]);
        CliAssert.OneLineError(unwritable, CliAssert.Failure, "art.png: permission denied (cannot write there)");
        foreach (var run in new[] { directory, noParent, fileParent, unwritable }) Assert.Equal("", run.StdOut); // refused before asking the node

        File.WriteAllText(tmp.Sub("art.png"), "keep me");
        var unknown = await f.Run("nft", "show", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--token", "999999", "--image", tmp.Sub("art.png"));
        CliAssert.OneLineError(unknown, CliAssert.Failure, "node refused (404");
        Assert.Equal("keep me", File.ReadAllText(tmp.Sub("art.png")));

        var saved = await f.Run([.. show, "--image", tmp.Sub("art.png"), "--size", "32"]);
        CliAssert.Succeeded(saved);
        var png = File.ReadAllBytes(tmp.Sub("art.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(32, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.partial"));
    }

    [Fact]
    public async Task Enum_names_the_cli_takes_are_the_ones_the_api_shows()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.Sub("loot.json"), """[{"name":"sword","weight":3,"stats":[{"name":"attack","min":1,"max":9}]},{"name":"shield","weight":1}]""");
        await f.Submitted("collection", "create", "--datadir", f.A, "--id", "cli-loot", "--name", "Loot", "--symbol", "LOOT", "--kind", "game-item",
            "--loot", tmp.Sub("loot.json"), "--mint", "pow", "--bits", "207fffff", "--spacing", "2", "--transfer", "market-only");
        File.WriteAllText(tmp.Sub("bad-loot.json"), """[{"weight":1}]""");
        var badLoot = await f.Run("collection", "create", "--datadir", f.A, "--id", "cli-loot-2", "--name", "Loot", "--symbol", "LOOT", "--kind", "game-item",
            "--loot", tmp.Sub("bad-loot.json"));
        CliAssert.OneLineError(badLoot, CliAssert.Failure, "--loot", "lacks the text field 'name'");
        var ids = await f.MintAsync(1); // also mines the collection

        var loot = await f.GetAsync("api/v1/collections/cli-loot");
        Assert.Equal(EnumNames.Format(CollectionKind.GameItem), loot.GetProperty("kind").GetString());
        Assert.Equal(EnumNames.Format(MintPolicy.ProofOfWork), loot.GetProperty("mintPolicy").GetString());
        Assert.Equal(EnumNames.Format(TransferPolicy.MarketOnly), loot.GetProperty("transferPolicy").GetString());
        var art = await f.GetAsync($"api/v1/collections/{RegtestCliFixture.Collection}");
        Assert.Equal(EnumNames.Format(CollectionKind.Art), art.GetProperty("kind").GetString());
        Assert.Equal(EnumNames.Format(MintPolicy.Creator), art.GetProperty("mintPolicy").GetString());
        Assert.Equal(EnumNames.Format(TransferPolicy.Free), art.GetProperty("transferPolicy").GetString());
        Assert.Equal(EnumNames.Format(TokenOrigin.CreatorMint), (await f.TokenAsync(ids[0])).GetProperty("origin").GetString());

        // What the collection's policy and kind rule out is refused before anything is signed.
        var minePow = await f.Run("nft", "mint", "--datadir", f.A, "--collection", "cli-loot");
        CliAssert.OneLineError(minePow, CliAssert.Usage, "'cli-loot' is minted by proof of work: use 'hashmint nft mine --collection cli-loot'");
        var mineCreator = await f.Run("nft", "mine", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--threads", "1");
        CliAssert.OneLineError(mineCreator, CliAssert.Usage, "is not minted by proof of work (its mint policy is 'creator')");
        var parcel = await Mint("--parcel", "1,2");
        CliAssert.OneLineError(parcel, CliAssert.Usage, "--parcel goes with land collections only ('cli-art' is 'art')");
        var unknown = await f.Run("nft", "mint", "--datadir", f.A, "--collection", "no-such-thing");
        CliAssert.OneLineError(unknown, CliAssert.Failure, "node refused (404", "no-such-thing");
    }
}
