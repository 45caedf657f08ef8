// The control target calls the Linux-only Operations library.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
