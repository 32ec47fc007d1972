#!/usr/bin/env python3
"""Writes a realistic 133-column CUCM CDR flat file (quoted header, type line, ~400-byte rows).

The mix: 45 % outgoing calls through a gateway, 30 % incoming, 20 % internal, 5 % hunt-group
calls; 20 % of calls unanswered (cause 19 / 16 / 17). Numbers are fictitious. Deterministic for a seed.
"""
import argparse
import random
import uuid

HEADER = """cdrRecordType globalCallID_callManagerId globalCallID_callId origLegCallIdentifier dateTimeOrigination origNodeId origSpan origIpAddr callingPartyNumber callingPartyUnicodeLoginUserID origCause_location origCause_value origPrecedenceLevel origMediaTransportAddress_IP origMediaTransportAddress_Port origMediaCap_payloadCapability origMediaCap_maxFramesPerPacket origMediaCap_g723BitRate origVideoCap_Codec origVideoCap_Bandwidth origVideoCap_Resolution origVideoTransportAddress_IP origVideoTransportAddress_Port origRSVPAudioStat origRSVPVideoStat destLegIdentifier destNodeId destSpan destIpAddr originalCalledPartyNumber finalCalledPartyNumber finalCalledPartyUnicodeLoginUserID destCause_location destCause_value destPrecedenceLevel destMediaTransportAddress_IP destMediaTransportAddress_Port destMediaCap_payloadCapability destMediaCap_maxFramesPerPacket destMediaCap_g723BitRate destVideoCap_Codec destVideoCap_Bandwidth destVideoCap_Resolution destVideoTransportAddress_IP destVideoTransportAddress_Port destRSVPAudioStat destRSVPVideoStat dateTimeConnect dateTimeDisconnect lastRedirectDn pkid originalCalledPartyNumberPartition callingPartyNumberPartition finalCalledPartyNumberPartition lastRedirectDnPartition duration origDeviceName destDeviceName origCallTerminationOnBehalfOf destCallTerminationOnBehalfOf origCalledPartyRedirectOnBehalfOf lastRedirectRedirectOnBehalfOf origCalledPartyRedirectReason lastRedirectRedirectReason destConversationId globalCallId_ClusterID joinOnBehalfOf comment authCodeDescription authorizationLevel clientMatterCode origDTMFMethod destDTMFMethod callSecuredStatus origConversationId origMediaCap_Bandwidth destMediaCap_Bandwidth authorizationCodeValue outpulsedCallingPartyNumber outpulsedCalledPartyNumber origIpv4v6Addr destIpv4v6Addr origVideoCap_Codec_Channel2 origVideoCap_Bandwidth_Channel2 origVideoCap_Resolution_Channel2 origVideoTransportAddress_IP_Channel2 origVideoTransportAddress_Port_Channel2 origVideoChannel_Role_Channel2 destVideoCap_Codec_Channel2 destVideoCap_Bandwidth_Channel2 destVideoCap_Resolution_Channel2 destVideoTransportAddress_IP_Channel2 destVideoTransportAddress_Port_Channel2 destVideoChannel_Role_Channel2 IncomingProtocolID IncomingProtocolCallRef OutgoingProtocolID OutgoingProtocolCallRef currentRoutingReason origRoutingReason lastRedirectingRoutingReason huntPilotPartition huntPilotDN calledPartyPatternUsage IncomingICID IncomingOrigIOI IncomingTermIOI OutgoingICID OutgoingOrigIOI OutgoingTermIOI outpulsedOriginalCalledPartyNumber outpulsedLastRedirectingNumber wasCallQueued totalWaitTimeInQueue callingPartyNumber_uri originalCalledPartyNumber_uri finalCalledPartyNumber_uri lastRedirectDn_uri mobileCallingPartyNumber finalMobileCalledPartyNumber origMobileDeviceName destMobileDeviceName origMobileCallDuration destMobileCallDuration mobileCallType originalCalledPartyPattern finalCalledPartyPattern lastRedirectingPartyPattern huntPilotPattern origDeviceType destDeviceType origDeviceSessionID destDeviceSessionID""".split()
STRING_COLUMNS = {
    "callingPartyNumber", "callingPartyUnicodeLoginUserID", "origRSVPAudioStat", "origRSVPVideoStat",
    "originalCalledPartyNumber", "finalCalledPartyNumber", "finalCalledPartyUnicodeLoginUserID", "destRSVPAudioStat",
    "destRSVPVideoStat", "lastRedirectDn", "pkid", "originalCalledPartyNumberPartition", "callingPartyNumberPartition",
    "finalCalledPartyNumberPartition", "lastRedirectDnPartition", "origDeviceName", "destDeviceName",
    "globalCallId_ClusterID", "comment", "authCodeDescription", "clientMatterCode", "authorizationCodeValue",
    "outpulsedCallingPartyNumber", "outpulsedCalledPartyNumber", "origIpv4v6Addr", "destIpv4v6Addr",
    "IncomingProtocolCallRef", "OutgoingProtocolCallRef", "huntPilotPartition", "huntPilotDN", "IncomingICID",
    "IncomingOrigIOI", "IncomingTermIOI", "OutgoingICID", "OutgoingOrigIOI", "OutgoingTermIOI",
    "outpulsedOriginalCalledPartyNumber", "outpulsedLastRedirectingNumber", "callingPartyNumber_uri",
    "originalCalledPartyNumber_uri", "finalCalledPartyNumber_uri", "lastRedirectDn_uri", "mobileCallingPartyNumber",
    "finalMobileCalledPartyNumber", "origMobileDeviceName", "destMobileDeviceName", "originalCalledPartyPattern",
    "finalCalledPartyPattern", "lastRedirectingPartyPattern", "huntPilotPattern", "origDeviceType", "destDeviceType",
    "origDeviceSessionID", "destDeviceSessionID",
}
assert len(HEADER) == 133


def type_of(name):
    if name == "pkid":
        return "UNIQUEIDENTIFIER"
    return "VARCHAR(50)" if name in STRING_COLUMNS else "INTEGER"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    index = {name: i for i, name in enumerate(HEADER)}
    template = ['""' if name in STRING_COLUMNS else "0" for name in HEADER]
    template[index["cdrRecordType"]] = "1"
    template[index["globalCallID_callManagerId"]] = "1"
    template[index["origNodeId"]] = "1"
    template[index["destNodeId"]] = "1"
    template[index["origPrecedenceLevel"]] = "4"
    template[index["destPrecedenceLevel"]] = "4"
    template[index["globalCallId_ClusterID"]] = '"StandAloneCluster"'
    template[index["origMediaCap_payloadCapability"]] = "4"
    template[index["destMediaCap_payloadCapability"]] = "4"
    template[index["origMediaCap_maxFramesPerPacket"]] = "20"
    template[index["destMediaCap_maxFramesPerPacket"]] = "20"
    template[index["callingPartyNumberPartition"]] = '"PT_Internal"'
    template[index["origDTMFMethod"]] = "3"
    template[index["destDTMFMethod"]] = "3"

    start = 1_744_000_000
    with open(args.output, "w", newline="") as out:
        out.write(",".join(f'"{name}"' for name in HEADER) + "\n")
        out.write(",".join(type_of(name) for name in HEADER) + "\n")
        for call in range(args.rows):
            row = list(template)
            kind = rng.random()
            extension = str(2000 + rng.randrange(800))
            phone = "SEP%012X" % rng.randrange(1 << 48)
            gateway = "GW-BER-%02d" % rng.randrange(1, 4)
            origination = start + call * 3 + rng.randrange(3)
            answered = rng.random() >= 0.2
            ring = rng.randrange(2, 25)
            talk = rng.randrange(1, 900) if answered else 0
            if kind < 0.45:
                external = "0" + str(rng.randrange(30_000_000, 99_999_999))
                calling, called, orig_dev, dest_dev = extension, external, phone, gateway
                row[index["outpulsedCalledPartyNumber"]] = f'"{external[1:]}"'
                row[index["calledPartyPatternUsage"]] = "5"
            elif kind < 0.75:
                external = "+49" + str(rng.randrange(300_000_000, 899_999_999))
                calling, called, orig_dev, dest_dev = external, extension, gateway, phone
                row[index["calledPartyPatternUsage"]] = "2"
            elif kind < 0.95:
                other = str(2000 + rng.randrange(800))
                calling, called, orig_dev, dest_dev = extension, other, phone, "SEP%012X" % rng.randrange(1 << 48)
                row[index["calledPartyPatternUsage"]] = "2"
            else:
                external = "+49" + str(rng.randrange(300_000_000, 899_999_999))
                calling, called, orig_dev, dest_dev = external, extension, gateway, phone
                row[index["huntPilotDN"]] = '"2300"'
                row[index["huntPilotPattern"]] = '"2300"'
                row[index["calledPartyPatternUsage"]] = "7"
            row[index["globalCallID_callId"]] = str(1_000_000 + call)
            row[index["origLegCallIdentifier"]] = str(20_000_000 + 2 * call)
            row[index["destLegIdentifier"]] = str(20_000_001 + 2 * call)
            row[index["dateTimeOrigination"]] = str(origination)
            row[index["callingPartyNumber"]] = f'"{calling}"'
            row[index["originalCalledPartyNumber"]] = f'"{called}"'
            row[index["finalCalledPartyNumber"]] = f'"{called}"'
            row[index["origDeviceName"]] = f'"{orig_dev}"'
            row[index["destDeviceName"]] = f'"{dest_dev}"'
            row[index["pkid"]] = f'"{uuid.UUID(int=rng.getrandbits(128), version=4)}"'
            row[index["origIpv4v6Addr"]] = '"10.1.%d.%d"' % (rng.randrange(256), rng.randrange(256))
            if answered:
                row[index["dateTimeConnect"]] = str(origination + ring)
                row[index["dateTimeDisconnect"]] = str(origination + ring + talk)
                row[index["duration"]] = str(talk)
                row[index["origCause_value"]] = "16"
                row[index["origCallTerminationOnBehalfOf"]] = "12"
            else:
                cause = rng.choice(["19", "16", "17"])
                row[index["dateTimeDisconnect"]] = str(origination + ring)
                row[index["destCause_value"]] = cause
                row[index["destCallTerminationOnBehalfOf"]] = "12"
            out.write(",".join(row) + "\n")


if __name__ == "__main__":
    main()
