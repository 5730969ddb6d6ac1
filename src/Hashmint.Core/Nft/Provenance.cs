using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Nft;

/// <summary>
/// How a work was made, so AI-made works are labelled rather than hidden: generator (e.g. "stable-diffusion",
/// "hand"), model name, hash of the prompt, generator seed. Encoding: u8 present; if 1: string generator ≤ 64 |
/// string model ≤ 64 | prompt hash 32 | seed 32.
/// </summary>
public sealed record Provenance(string Generator, string Model, Hash256 PromptHash, Hash256 Seed)
{
    public bool IsAiGenerated => Model.Length > 0 || !PromptHash.IsZero;

    public static void Write(ByteWriter w, Provenance? p)
    {
        if (p is null) { w.U8(0); return; }
        w.U8(1).String(p.Generator).String(p.Model).Hash(p.PromptHash).Hash(p.Seed);
    }

    public static Provenance? Read(ref SpanReader r) =>
        r.ReadBool() ? new Provenance(r.ReadString(64, "generator"), r.ReadString(64, "model"), r.ReadHash(), r.ReadHash()) : null;
}
