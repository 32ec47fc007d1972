/// The column orders of CUCM CDR files, for files that carry no header line.
///
/// Files with a header are always mapped by the names in their header; these embedded orders are
/// used only with the `columns` option or when a headerless row has exactly 123, 129 or 133 fields.
struct ColumnLayout {
    /// Column names in file order.
    let names: [Substring]

    /// Number of columns.
    var count: Int { names.count }

    /// The 133-column order written by current CUCM releases (names and types line observed in
    /// real 2023 and 2025 files).
    static let cdr133 = ColumnLayout(names: allNames133.split(whereSeparator: { $0 == "," || $0 == "\n" }))

    /// The 129-column order: the 133 order without the four trailing device type/session columns.
    static let cdr129 = ColumnLayout(names: Array(cdr133.names.prefix(129)))

    /// The 123-column order of CUCM 10.5: no `IncomingICID` … `OutgoingTermIOI`, and `huntPilotDN`
    /// written before `huntPilotPartition` (the lower-case protocol column names do not matter
    /// because names are compared case-insensitively).
    static let cdr123: ColumnLayout = {
        let dropped: Set<Substring> = ["IncomingICID", "IncomingOrigIOI", "IncomingTermIOI",
                                       "OutgoingICID", "OutgoingOrigIOI", "OutgoingTermIOI"]
        var names = cdr129.names.filter { !dropped.contains($0) }
        if let partition = names.firstIndex(of: "huntPilotPartition"),
           let pilot = names.firstIndex(of: "huntPilotDN") {
            names.swapAt(partition, pilot)
        }
        return ColumnLayout(names: names)
    }()

    /// The embedded layout with `columnCount` columns, if there is one.
    static func embedded(columnCount: Int) -> ColumnLayout? {
        switch columnCount {
        case 123: return cdr123
        case 129: return cdr129
        case 133: return cdr133
        default: return nil
        }
    }

    /// The 133 CDR column names, comma-separated, in file order.
    private static let allNames133 = """
        cdrRecordType,globalCallID_callManagerId,globalCallID_callId,origLegCallIdentifier,
        dateTimeOrigination,origNodeId,origSpan,origIpAddr,callingPartyNumber,
        callingPartyUnicodeLoginUserID,origCause_location,origCause_value,origPrecedenceLevel,
        origMediaTransportAddress_IP,origMediaTransportAddress_Port,origMediaCap_payloadCapability,
        origMediaCap_maxFramesPerPacket,origMediaCap_g723BitRate,origVideoCap_Codec,
        origVideoCap_Bandwidth,origVideoCap_Resolution,origVideoTransportAddress_IP,
        origVideoTransportAddress_Port,origRSVPAudioStat,origRSVPVideoStat,destLegIdentifier,
        destNodeId,destSpan,destIpAddr,originalCalledPartyNumber,finalCalledPartyNumber,
        finalCalledPartyUnicodeLoginUserID,destCause_location,destCause_value,destPrecedenceLevel,
        destMediaTransportAddress_IP,destMediaTransportAddress_Port,destMediaCap_payloadCapability,
        destMediaCap_maxFramesPerPacket,destMediaCap_g723BitRate,destVideoCap_Codec,
        destVideoCap_Bandwidth,destVideoCap_Resolution,destVideoTransportAddress_IP,
        destVideoTransportAddress_Port,destRSVPAudioStat,destRSVPVideoStat,dateTimeConnect,
        dateTimeDisconnect,lastRedirectDn,pkid,originalCalledPartyNumberPartition,
        callingPartyNumberPartition,finalCalledPartyNumberPartition,lastRedirectDnPartition,
        duration,origDeviceName,destDeviceName,origCallTerminationOnBehalfOf,
        destCallTerminationOnBehalfOf,origCalledPartyRedirectOnBehalfOf,
        lastRedirectRedirectOnBehalfOf,origCalledPartyRedirectReason,lastRedirectRedirectReason,
        destConversationId,globalCallId_ClusterID,joinOnBehalfOf,comment,authCodeDescription,
        authorizationLevel,clientMatterCode,origDTMFMethod,destDTMFMethod,callSecuredStatus,
        origConversationId,origMediaCap_Bandwidth,destMediaCap_Bandwidth,authorizationCodeValue,
        outpulsedCallingPartyNumber,outpulsedCalledPartyNumber,origIpv4v6Addr,destIpv4v6Addr,
        origVideoCap_Codec_Channel2,origVideoCap_Bandwidth_Channel2,
        origVideoCap_Resolution_Channel2,origVideoTransportAddress_IP_Channel2,
        origVideoTransportAddress_Port_Channel2,origVideoChannel_Role_Channel2,
        destVideoCap_Codec_Channel2,destVideoCap_Bandwidth_Channel2,
        destVideoCap_Resolution_Channel2,destVideoTransportAddress_IP_Channel2,
        destVideoTransportAddress_Port_Channel2,destVideoChannel_Role_Channel2,IncomingProtocolID,
        IncomingProtocolCallRef,OutgoingProtocolID,OutgoingProtocolCallRef,currentRoutingReason,
        origRoutingReason,lastRedirectingRoutingReason,huntPilotPartition,huntPilotDN,
        calledPartyPatternUsage,IncomingICID,IncomingOrigIOI,IncomingTermIOI,OutgoingICID,
        OutgoingOrigIOI,OutgoingTermIOI,outpulsedOriginalCalledPartyNumber,
        outpulsedLastRedirectingNumber,wasCallQueued,totalWaitTimeInQueue,callingPartyNumber_uri,
        originalCalledPartyNumber_uri,finalCalledPartyNumber_uri,lastRedirectDn_uri,
        mobileCallingPartyNumber,finalMobileCalledPartyNumber,origMobileDeviceName,
        destMobileDeviceName,origMobileCallDuration,destMobileCallDuration,mobileCallType,
        originalCalledPartyPattern,finalCalledPartyPattern,lastRedirectingPartyPattern,
        huntPilotPattern,origDeviceType,destDeviceType,origDeviceSessionID,destDeviceSessionID
        """
}
