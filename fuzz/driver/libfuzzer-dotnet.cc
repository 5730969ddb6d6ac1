// Hashmint's libFuzzer driver for .NET: libFuzzer mutates inputs in this process, a SharpFuzz-instrumented
// .NET process runs them, and the edge counters the .NET code writes reach libFuzzer as extra counters.
// Built by fuzz/driver/build (clang++ -fsanitize=fuzzer); run by fuzz/run. Written for Hashmint from the
// protocol that SharpFuzz 2.3.0's Fuzzer.LibFuzzer.Run implements (docs/FUZZING.md, "Driver protocol"):
//
//   The .NET process finds three environment variables:
//     __LIBFUZZER_SHM_ID           a System V shared memory id it attaches (shmat). The segment holds
//                                  [0, 65536)             SharpFuzz's edge counters (AFL-style map)
//                                  [65536, 65536 + size)  the input of the current run
//     __LIBFUZZER_CONTROL_PIPE_ID  a pipe fd it reads: one little-endian int32 per run, the input size
//     __LIBFUZZER_STATUS_PIPE_ID   a pipe fd it writes: int32 0 once when ready, then one int32 per run:
//                                  0 = the action returned, 2 = it threw (the exception is on stderr)
//   After a 2 it leaves its loop and exits. It never clears the counters: this driver does, before each run.
//
// Usage: libfuzzer-dotnet --target_path=/path/to/dotnet --target_arg=Hashmint.Fuzz.dll --target_arg=block
//        [libFuzzer flags] [corpus dirs]
// (libFuzzer ignores flags that start with "--", so ours pass through it untouched.)

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

constexpr size_t kMapSize = 1 << 16;     // SharpFuzz's map size (the input starts right after it)
constexpr size_t kMaxInput = 4 << 20;    // largest input handed over; Block.Decode's own limit is 4 MiB
constexpr int32_t kStatusOk = 0;

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the .NET side reads and writes little-endian int32s");

int shm_id = -1;
uint8_t *shm = nullptr;      // kMapSize counters, then the input
int control_fd = -1;         // we write input sizes here
int status_fd = -1;          // we read run results here
pid_t child = -1;

}  // namespace

// libFuzzer treats every byte of this section as a coverage counter, read after each run.
__attribute__((used, section("__libfuzzer_extra_counters"))) static uint8_t extra_counters[kMapSize];

namespace {

[[noreturn]] void Fail(const char *what) {
  fprintf(stderr, "==libfuzzer-dotnet== %s: %s\n", what, errno ? strerror(errno) : "");
  _exit(1);
}

bool ReadFull(int fd, void *buf, size_t n) {
  auto *p = static_cast<uint8_t *>(buf);
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;  // libFuzzer's timers may interrupt us
    if (r <= 0) return false;               // EOF: the .NET process is gone
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool WriteFull(int fd, const void *buf, size_t n) {
  auto *p = static_cast<const uint8_t *>(buf);
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;  // EPIPE (SIGPIPE is ignored): the .NET process is gone
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// The .NET process died without reporting (stack overflow, fatal OOM, FailFast, a signal): a crash of the
// current input. abort() lets libFuzzer save it as crash-<sha1>.
[[noreturn]] void ChildDied(const char *when) {
  int status = 0;
  if (child > 0 && waitpid(child, &status, 0) == child) {
    if (WIFSIGNALED(status))
      fprintf(stderr, "==libfuzzer-dotnet== the .NET process was killed by signal %d %s\n", WTERMSIG(status), when);
    else
      fprintf(stderr, "==libfuzzer-dotnet== the .NET process exited with code %d %s\n", WEXITSTATUS(status), when);
  } else {
    fprintf(stderr, "==libfuzzer-dotnet== lost the .NET process %s\n", when);
  }
  child = -1;
  abort();
}

void StopChild() {
  if (control_fd >= 0) close(control_fd);  // the .NET loop sees EOF and returns
  if (status_fd >= 0) close(status_fd);
  control_fd = status_fd = -1;
  if (child > 0) {
    kill(child, SIGKILL);  // nothing there to flush; do not leave it behind
    waitpid(child, nullptr, 0);
    child = -1;
  }
}

void RemoveSegment() {
  if (shm_id >= 0) shmctl(shm_id, IPC_RMID, nullptr);  // freed once the last process detaches
  shm_id = -1;
}

const char *FlagValue(const char *arg, const char *name) {
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && arg[n] == '=' ? arg + n + 1 : nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *target_path = nullptr;
  std::vector<std::string> target_args;
  for (int i = 1; i < *argc; i++) {
    if (const char *v = FlagValue((*argv)[i], "--target_path")) target_path = v;
    if (const char *v = FlagValue((*argv)[i], "--target_arg")) target_args.emplace_back(v);
  }
  if (target_path == nullptr) {
    fprintf(stderr, "usage: %s --target_path=DOTNET --target_arg=ASSEMBLY [--target_arg=ARG ...] [libFuzzer flags]\n", (*argv)[0]);
    _exit(1);
  }
  signal(SIGPIPE, SIG_IGN);

  shm_id = shmget(IPC_PRIVATE, kMapSize + kMaxInput, IPC_CREAT | IPC_EXCL | 0600);
  if (shm_id < 0) Fail("shmget");
  void *mem = shmat(shm_id, nullptr, 0);
  if (mem == reinterpret_cast<void *>(-1)) {
    RemoveSegment();
    Fail("shmat");
  }
  shm = static_cast<uint8_t *>(mem);
  memset(shm, 0, kMapSize);

  int control[2], status[2];  // [0] read end, [1] write end; close-on-exec until the child clears its ends
  if (pipe2(control, O_CLOEXEC) != 0 || pipe2(status, O_CLOEXEC) != 0) Fail("pipe2");

  std::vector<std::string> env_strings = {
      "__LIBFUZZER_SHM_ID=" + std::to_string(shm_id),
      "__LIBFUZZER_CONTROL_PIPE_ID=" + std::to_string(control[0]),
      "__LIBFUZZER_STATUS_PIPE_ID=" + std::to_string(status[1]),
  };
  std::vector<char *> envp;
  for (char **e = environ; *e != nullptr; e++)
    if (strncmp(*e, "__LIBFUZZER_", 12) != 0) envp.push_back(*e);
  for (auto &s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char *> child_argv = {const_cast<char *>(target_path)};
  for (auto &a : target_args) child_argv.push_back(a.data());
  child_argv.push_back(nullptr);

  pid_t parent = getpid();
  child = fork();
  if (child < 0) Fail("fork");
  if (child == 0) {
    // The .NET process: dies with the driver, keeps only its own pipe ends across exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    fcntl(control[0], F_SETFD, 0);
    fcntl(status[1], F_SETFD, 0);
    execve(target_path, child_argv.data(), envp.data());
    fprintf(stderr, "==libfuzzer-dotnet== cannot run %s: %s\n", target_path, strerror(errno));
    _exit(127);
  }
  close(control[0]);
  close(status[1]);
  control_fd = control[1];
  status_fd = status[0];
  atexit(StopChild);

  int32_t ready = -1;
  if (!ReadFull(status_fd, &ready, sizeof ready) || ready != kStatusOk) {
    RemoveSegment();
    fprintf(stderr, "==libfuzzer-dotnet== the .NET process did not start the SharpFuzz loop (wrong target name, or not built?)\n");
    StopChild();
    _exit(1);
  }
  RemoveSegment();  // both processes are attached now; the segment goes away with them
  fprintf(stderr, "==libfuzzer-dotnet== .NET process %d ready\n", static_cast<int>(child));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInput) return 0;  // fuzz/run keeps -max_len below this
  memset(shm, 0, kMapSize);
  memcpy(shm + kMapSize, data, size);
  int32_t length = static_cast<int32_t>(size);
  if (!WriteFull(control_fd, &length, sizeof length)) ChildDied("before the input was sent");
  int32_t result = -1;
  if (!ReadFull(status_fd, &result, sizeof result)) ChildDied("while running the input");
  memcpy(extra_counters, shm, kMapSize);  // libFuzzer cleared its counters before this run
  if (result != kStatusOk) {
    fprintf(stderr, "==libfuzzer-dotnet== the .NET target threw on this input (status %d); its exception is above\n", result);
    abort();  // libFuzzer saves the input as crash-<sha1>
  }
  return 0;
}
