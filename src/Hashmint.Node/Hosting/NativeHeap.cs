using System.Runtime.InteropServices;

namespace Hashmint.Node.Hosting;

/// <summary>
/// glibc's allocator, set for a long-running server before the node allocates much. The image encoder (Skia, zlib)
/// mallocs buffers of megabytes on the thread pool: with glibc's defaults each such buffer raises the mmap threshold
/// after its first free (so later ones come from the heap and are kept), and every thread can get its own arena that
/// keeps what it freed. A fixed 256 KiB threshold gives large buffers back to the system on free; two arenas (one per
/// core) and a 1 MiB trim threshold keep the rest compact. Measured in docs/PERFORMANCE.md ("Memory soak: images").
/// </summary>
internal static partial class NativeHeap
{
    private const int TrimThreshold = -1, MmapThreshold = -3, ArenaMax = -8; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX

    public static void Tune()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            mallopt(MmapThreshold, 256 * 1024);
            mallopt(TrimThreshold, 1024 * 1024);
            mallopt(ArenaMax, Math.Max(2, Environment.ProcessorCount));
        }
        catch (EntryPointNotFoundException) { } // not glibc (musl): its allocator needs none of this
        catch (DllNotFoundException) { }
    }

    /// <summary>Gives the free pages at the top of glibc's heaps back to the system (after a burst of renders).</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { malloc_trim(0); }
        catch (EntryPointNotFoundException) { }
        catch (DllNotFoundException) { }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int malloc_trim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int param, int value);
}
