// The benchmarks read /proc and run pinned with taskset; the daemon code they call is Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
