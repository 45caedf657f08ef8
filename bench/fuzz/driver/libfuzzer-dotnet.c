// libFuzzer driver for SharpFuzz targets (the protocol of Metalnem/libfuzzer-dotnet, which SharpFuzz's
// Fuzzer.LibFuzzer.Run speaks): libFuzzer runs in this process; the .NET target runs in a child that reads
// each input from a System V shared-memory segment and writes its edge counters into the same segment.
//   shm: [0, MAP_SIZE) the target's trace bits, then up to DATA_SIZE octets of input
//   fd 198 (control): the input length, 4 octets; fd 199 (status): 4 octets, 0 = ok, else an exception
// The counters are copied into libFuzzer's extra-counters section after each run, so cov/ft count the
// managed edges. Built by run.sh: clang -O2 -fsanitize=fuzzer libfuzzer-dotnet.c
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

#define MAP_SIZE (1 << 16)
#define DATA_SIZE (1 << 20)
#define CTL_FD 198
#define ST_FD 199

__attribute__((weak, section("__libfuzzer_extra_counters"))) uint8_t extra_counters[MAP_SIZE];

static int ctl_fd, st_fd, shm_id;
static uint8_t *shm;

static void die(const char *what)
{
    fprintf(stderr, "libfuzzer-dotnet: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(1);
}

static void remove_shm(void) { shmctl(shm_id, IPC_RMID, NULL); }

static const char *flag(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=' && argv[i][n + 1]) return argv[i] + n + 1;
    return NULL;
}

// Four octets through a pipe, retried on EINTR; 0 on success.
static int io4(int fd, void *p, int write_it)
{
    ssize_t r;
    do r = write_it ? write(fd, p, 4) : read(fd, p, 4);
    while (r < 0 && errno == EINTR);
    return r == 4 ? 0 : -1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *path = flag(*argc, *argv, "--target_path");
    const char *arg = flag(*argc, *argv, "--target_arg");
    if (!path) { errno = 0; die("--target_path=EXECUTABLE is required"); }
    int ctl[2], st[2];
    if (pipe(ctl) || pipe(st)) die("pipe");
    shm_id = shmget(IPC_PRIVATE, MAP_SIZE + DATA_SIZE, IPC_CREAT | IPC_EXCL | 0600);
    if (shm_id < 0) die("shmget");
    atexit(remove_shm);
    shm = shmat(shm_id, NULL, 0);
    if (shm == (void *)-1) die("shmat");
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0)
    {
        // The child dies with libFuzzer: on a crash or timeout libFuzzer leaves by _Exit, without atexit.
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent) _exit(1);
        if (dup2(ctl[0], CTL_FD) < 0 || dup2(st[1], ST_FD) < 0) die("dup2");
        close(ctl[0]); close(ctl[1]); close(st[0]); close(st[1]);
        char id[16];
        snprintf(id, sizeof id, "%d", shm_id);
        if (setenv("__LIBFUZZER_SHM_ID", id, 1) || setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1)
            || setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1)) die("setenv");
        execl(path, path, arg, (char *)NULL);
        die("exec");
    }
    close(ctl[0]);
    close(st[1]);
    ctl_fd = ctl[1];
    st_fd = st[0];
    int32_t ready;
    if (io4(st_fd, &ready, 0)) { errno = 0; die("the target did not start"); }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > DATA_SIZE) { errno = 0; die("an input over 1 MiB (use -max_len)"); }
    memset(shm, 0, MAP_SIZE);
    memcpy(shm + MAP_SIZE, data, size);
    int32_t n = (int32_t)size, status;
    if (io4(ctl_fd, &n, 1)) die("write to the target");
    if (io4(st_fd, &status, 0))
    {
        // The process died (a stack overflow, an abort): save the input as a crash too.
        fprintf(stderr, "libfuzzer-dotnet: the target exited while running an input\n");
        __builtin_trap();
    }
    memcpy(extra_counters, shm, MAP_SIZE);
    if (status) __builtin_trap(); // an exception: libFuzzer saves the input as crash-*
    return 0;
}
