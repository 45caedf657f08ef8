using System.Collections.Immutable;
using System.Net;

namespace KeepalivedSharp.Config.Binding;

/// <summary>
/// The fields of a <see cref="VrrpInstanceConfig"/> as <see cref="InstanceBinder"/> reads them, one keyword line at a
/// time; <see cref="Build"/> makes the record once per instance instead of one copy per line. Defaults are the
/// record's own. Version, accept, strict mode and family are resolved later (InstanceResolver), so they are not here.
/// </summary>
internal sealed class VrrpInstanceBuilder
{
    private static readonly VrrpInstanceConfig Defaults = new() { Name = "", Location = default };

    public InstanceInitialState InitialState { get; set; } = Defaults.InitialState;
    public bool StateConfigured { get; set; } = Defaults.StateConfigured;
    public string? Interface { get; set; } = Defaults.Interface;
    public int VirtualRouterId { get; set; } = Defaults.VirtualRouterId;
    public int Priority { get; set; } = Defaults.Priority;
    public TimeSpan AdvertInterval { get; set; } = Defaults.AdvertInterval;
    public bool Nopreempt { get; set; } = Defaults.Nopreempt;
    public TimeSpan PreemptDelay { get; set; } = Defaults.PreemptDelay;
    public VrrpAuthentication? Authentication { get; set; } = Defaults.Authentication;
    public ImmutableArray<VirtualAddress>.Builder VirtualAddresses { get; } = ImmutableArray.CreateBuilder<VirtualAddress>(1);
    public ImmutableArray<VirtualAddress>.Builder ExcludedAddresses { get; } = ImmutableArray.CreateBuilder<VirtualAddress>(0);
    public ImmutableArray<VirtualRoute> VirtualRoutes { get; set; } = Defaults.VirtualRoutes;
    public ImmutableArray<VirtualRule> VirtualRules { get; set; } = Defaults.VirtualRules;
    public IPAddress? UnicastSourceIp { get; set; } = Defaults.UnicastSourceIp;
    public ImmutableArray<IPAddress> UnicastPeers { get; set; } = Defaults.UnicastPeers;
    public ImmutableArray<UnicastPeer> UnicastPeerEntries { get; set; } = Defaults.UnicastPeerEntries;
    public IPAddress? McastSourceIp { get; set; } = Defaults.McastSourceIp;
    public IPAddress? McastDestinationIp { get; set; } = Defaults.McastDestinationIp;
    public ImmutableArray<TrackRef> TrackScripts { get; set; } = Defaults.TrackScripts;
    public ImmutableArray<TrackRef> TrackInterfaces { get; set; } = Defaults.TrackInterfaces;
    public ImmutableArray<TrackRef> TrackFiles { get; set; } = Defaults.TrackFiles;
    public ImmutableArray<TrackRef> TrackProcesses { get; set; } = Defaults.TrackProcesses;
    public bool DontTrackPrimary { get; set; } = Defaults.DontTrackPrimary;
    public NotifyScript? NotifyMaster { get; set; } = Defaults.NotifyMasterScript;
    public NotifyScript? NotifyBackup { get; set; } = Defaults.NotifyBackupScript;
    public NotifyScript? NotifyFault { get; set; } = Defaults.NotifyFaultScript;
    public NotifyScript? NotifyStop { get; set; } = Defaults.NotifyStopScript;
    public NotifyScript? NotifyDeleted { get; set; } = Defaults.NotifyDeletedScript;
    public NotifyScript? Notify { get; set; } = Defaults.NotifyScript;
    public NotifyScript? NotifyMasterRxLowerPri { get; set; } = Defaults.NotifyMasterRxLowerPriScript;
    public bool? SmtpAlert { get; set; } = Defaults.SmtpAlert;
    public bool? NotifyPriorityChanges { get; set; } = Defaults.NotifyPriorityChanges;
    public TimeSpan GarpMasterDelay { get; set; } = Defaults.GarpMasterDelay;
    public int GarpMasterRepeat { get; set; } = Defaults.GarpMasterRepeat;
    public TimeSpan GarpMasterRefresh { get; set; } = Defaults.GarpMasterRefresh;
    public int GarpMasterRefreshRepeat { get; set; } = Defaults.GarpMasterRefreshRepeat;
    public TimeSpan? GarpLowerPrioDelay { get; set; } = Defaults.GarpLowerPrioDelay;
    public int? GarpLowerPrioRepeat { get; set; } = Defaults.GarpLowerPrioRepeat;
    public bool UseVmac { get; set; } = Defaults.UseVmac;
    public string? VmacName { get; set; } = Defaults.VmacName;
    public bool VmacXmitBase { get; set; } = Defaults.VmacXmitBase;
    public bool LowerPrioNoAdvert { get; set; } = Defaults.LowerPrioNoAdvert;
    public bool HigherPrioSendAdvert { get; set; } = Defaults.HigherPrioSendAdvert;
    public bool NativeIpv6 { get; set; } = Defaults.NativeIpv6;
    public bool SkipCheckAdvAddr { get; set; } = Defaults.SkipCheckAdvAddr;
    public bool CheckUnicastSrc { get; set; } = Defaults.CheckUnicastSrc;
    public bool UnicastFaultNoPeer { get; set; } = Defaults.UnicastFaultNoPeer;
    public int? UnicastTtl { get; set; } = Defaults.UnicastTtl;
    public bool PromoteSecondaries { get; set; } = Defaults.PromoteSecondaries;
    public int DownTimerAdverts { get; set; } = Defaults.DownTimerAdverts;
    public GarpExtraIf GarpExtraIf { get; set; } = GarpExtraIf.Unset;
    public ImmutableArray<RawSetting>.Builder OtherSettings { get; } = ImmutableArray.CreateBuilder<RawSetting>(0);

    public VrrpInstanceConfig Build(string name, SourceLocation location) => new()
    {
        Name = name,
        Location = location,
        InitialState = InitialState,
        StateConfigured = StateConfigured,
        Interface = Interface,
        VirtualRouterId = VirtualRouterId,
        Priority = Priority,
        AdvertInterval = AdvertInterval,
        Nopreempt = Nopreempt,
        PreemptDelay = PreemptDelay,
        Authentication = Authentication,
        VirtualAddresses = Take(VirtualAddresses),
        ExcludedAddresses = Take(ExcludedAddresses),
        VirtualRoutes = VirtualRoutes,
        VirtualRules = VirtualRules,
        UnicastSourceIp = UnicastSourceIp,
        UnicastPeers = UnicastPeers,
        UnicastPeerEntries = UnicastPeerEntries,
        McastSourceIp = McastSourceIp,
        McastDestinationIp = McastDestinationIp,
        TrackScripts = TrackScripts,
        TrackInterfaces = TrackInterfaces,
        TrackFiles = TrackFiles,
        TrackProcesses = TrackProcesses,
        DontTrackPrimary = DontTrackPrimary,
        NotifyMasterScript = NotifyMaster,
        NotifyBackupScript = NotifyBackup,
        NotifyFaultScript = NotifyFault,
        NotifyStopScript = NotifyStop,
        NotifyDeletedScript = NotifyDeleted,
        NotifyScript = Notify,
        NotifyMasterRxLowerPriScript = NotifyMasterRxLowerPri,
        SmtpAlert = SmtpAlert,
        NotifyPriorityChanges = NotifyPriorityChanges,
        GarpMasterDelay = GarpMasterDelay,
        GarpMasterRepeat = GarpMasterRepeat,
        GarpMasterRefresh = GarpMasterRefresh,
        GarpMasterRefreshRepeat = GarpMasterRefreshRepeat,
        GarpLowerPrioDelay = GarpLowerPrioDelay,
        GarpLowerPrioRepeat = GarpLowerPrioRepeat,
        UseVmac = UseVmac,
        VmacName = VmacName,
        VmacXmitBase = VmacXmitBase,
        LowerPrioNoAdvert = LowerPrioNoAdvert,
        HigherPrioSendAdvert = HigherPrioSendAdvert,
        NativeIpv6 = NativeIpv6,
        SkipCheckAdvAddr = SkipCheckAdvAddr,
        CheckUnicastSrc = CheckUnicastSrc,
        UnicastFaultNoPeer = UnicastFaultNoPeer,
        UnicastTtl = UnicastTtl,
        PromoteSecondaries = PromoteSecondaries,
        DownTimerAdverts = DownTimerAdverts,
        GarpExtraIf = GarpExtraIf,
        OtherSettings = Take(OtherSettings),
    };

    /// <summary>The items without a copy when the builder is full; the shared empty array when there are none.</summary>
    private static ImmutableArray<T> Take<T>(ImmutableArray<T>.Builder items) => items.Count == 0 ? [] : items.DrainToImmutable();
}
