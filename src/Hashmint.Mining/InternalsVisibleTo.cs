using System.Runtime.CompilerServices;

// Tests compare each kernel's lanes with the reference hash directly.
[assembly: InternalsVisibleTo("Hashmint.Mining.Tests")]
[assembly: InternalsVisibleTo("Hashmint.Bench")]
