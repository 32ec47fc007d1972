#!/usr/bin/env python3
"""Writes the CUCM CDR/CMR fixtures of the Cisco plugin tests.

The outputs (the .txt files beside this script) are the fixtures; this script only documents how
they were made. Every call is fictitious: a Berlin office (+49 30 555 ...), 4-digit extensions,
fictitious German mobile numbers (+49 176 555 ...). The expected result of every row is written
down in README.md and, by hand, in Tests/CiscoPluginTests.

Run:  python3 make_fixtures.py   (from any directory; writes next to itself)
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
T = 1740988800  # 2025-03-03 08:00:00 UTC

CDR_COLUMNS_133 = [
    'cdrRecordType', 'globalCallID_callManagerId', 'globalCallID_callId', 'origLegCallIdentifier',
    'dateTimeOrigination', 'origNodeId', 'origSpan', 'origIpAddr', 'callingPartyNumber',
    'callingPartyUnicodeLoginUserID', 'origCause_location', 'origCause_value',
    'origPrecedenceLevel', 'origMediaTransportAddress_IP', 'origMediaTransportAddress_Port',
    'origMediaCap_payloadCapability', 'origMediaCap_maxFramesPerPacket',
    'origMediaCap_g723BitRate', 'origVideoCap_Codec', 'origVideoCap_Bandwidth',
    'origVideoCap_Resolution', 'origVideoTransportAddress_IP', 'origVideoTransportAddress_Port',
    'origRSVPAudioStat', 'origRSVPVideoStat', 'destLegIdentifier', 'destNodeId', 'destSpan',
    'destIpAddr', 'originalCalledPartyNumber', 'finalCalledPartyNumber',
    'finalCalledPartyUnicodeLoginUserID', 'destCause_location', 'destCause_value',
    'destPrecedenceLevel', 'destMediaTransportAddress_IP', 'destMediaTransportAddress_Port',
    'destMediaCap_payloadCapability', 'destMediaCap_maxFramesPerPacket',
    'destMediaCap_g723BitRate', 'destVideoCap_Codec', 'destVideoCap_Bandwidth',
    'destVideoCap_Resolution', 'destVideoTransportAddress_IP', 'destVideoTransportAddress_Port',
    'destRSVPAudioStat', 'destRSVPVideoStat', 'dateTimeConnect', 'dateTimeDisconnect',
    'lastRedirectDn', 'pkid', 'originalCalledPartyNumberPartition', 'callingPartyNumberPartition',
    'finalCalledPartyNumberPartition', 'lastRedirectDnPartition', 'duration', 'origDeviceName',
    'destDeviceName', 'origCallTerminationOnBehalfOf', 'destCallTerminationOnBehalfOf',
    'origCalledPartyRedirectOnBehalfOf', 'lastRedirectRedirectOnBehalfOf',
    'origCalledPartyRedirectReason', 'lastRedirectRedirectReason', 'destConversationId',
    'globalCallId_ClusterID', 'joinOnBehalfOf', 'comment', 'authCodeDescription',
    'authorizationLevel', 'clientMatterCode', 'origDTMFMethod', 'destDTMFMethod',
    'callSecuredStatus', 'origConversationId', 'origMediaCap_Bandwidth', 'destMediaCap_Bandwidth',
    'authorizationCodeValue', 'outpulsedCallingPartyNumber', 'outpulsedCalledPartyNumber',
    'origIpv4v6Addr', 'destIpv4v6Addr', 'origVideoCap_Codec_Channel2',
    'origVideoCap_Bandwidth_Channel2', 'origVideoCap_Resolution_Channel2',
    'origVideoTransportAddress_IP_Channel2', 'origVideoTransportAddress_Port_Channel2',
    'origVideoChannel_Role_Channel2', 'destVideoCap_Codec_Channel2',
    'destVideoCap_Bandwidth_Channel2', 'destVideoCap_Resolution_Channel2',
    'destVideoTransportAddress_IP_Channel2', 'destVideoTransportAddress_Port_Channel2',
    'destVideoChannel_Role_Channel2', 'IncomingProtocolID', 'IncomingProtocolCallRef',
    'OutgoingProtocolID', 'OutgoingProtocolCallRef', 'currentRoutingReason', 'origRoutingReason',
    'lastRedirectingRoutingReason', 'huntPilotPartition', 'huntPilotDN', 'calledPartyPatternUsage',
    'IncomingICID', 'IncomingOrigIOI', 'IncomingTermIOI', 'OutgoingICID', 'OutgoingOrigIOI',
    'OutgoingTermIOI', 'outpulsedOriginalCalledPartyNumber', 'outpulsedLastRedirectingNumber',
    'wasCallQueued', 'totalWaitTimeInQueue', 'callingPartyNumber_uri',
    'originalCalledPartyNumber_uri', 'finalCalledPartyNumber_uri', 'lastRedirectDn_uri',
    'mobileCallingPartyNumber', 'finalMobileCalledPartyNumber', 'origMobileDeviceName',
    'destMobileDeviceName', 'origMobileCallDuration', 'destMobileCallDuration', 'mobileCallType',
    'originalCalledPartyPattern', 'finalCalledPartyPattern', 'lastRedirectingPartyPattern',
    'huntPilotPattern', 'origDeviceType', 'destDeviceType', 'origDeviceSessionID',
    'destDeviceSessionID',
]
CDR_TYPES_133 = [
    'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER',
    'VARCHAR(50)', 'VARCHAR(128)', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER',
    'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER',
    'VARCHAR(64)', 'VARCHAR(64)', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'VARCHAR(50)',
    'VARCHAR(50)', 'VARCHAR(128)', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER',
    'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER',
    'VARCHAR(64)', 'VARCHAR(64)', 'INTEGER', 'INTEGER', 'VARCHAR(50)', 'UNIQUEIDENTIFIER',
    'VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)', 'INTEGER', 'VARCHAR(129)',
    'VARCHAR(129)', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER',
    'VARCHAR(50)', 'INTEGER', 'VARCHAR(2048)', 'VARCHAR(50)', 'INTEGER', 'VARCHAR(32)', 'INTEGER',
    'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'VARCHAR(32)', 'VARCHAR(50)',
    'VARCHAR(50)', 'VARCHAR(64)', 'VARCHAR(64)', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER',
    'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER',
    'INTEGER', 'VARCHAR(32)', 'INTEGER', 'VARCHAR(32)', 'INTEGER', 'INTEGER', 'INTEGER',
    'VARCHAR(50)', 'VARCHAR(50)', 'INTEGER', 'VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)',
    'VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)', 'INTEGER',
    'INTEGER', 'VARCHAR(255)', 'VARCHAR(255)', 'VARCHAR(255)', 'VARCHAR(255)', 'VARCHAR(50)',
    'VARCHAR(50)', 'VARCHAR(129)', 'VARCHAR(129)', 'INTEGER', 'INTEGER', 'INTEGER', 'VARCHAR(50)',
    'VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(100)', 'VARCHAR(100)', 'VARCHAR(128)',
    'VARCHAR(128)',
]
CMR_COLUMNS = [
    'cdrRecordType', 'globalCallID_callManagerId', 'globalCallID_callId', 'nodeId', 'directoryNum',
    'callIdentifier', 'dateTimeStamp', 'numberPacketsSent', 'numberOctetsSent',
    'numberPacketsReceived', 'numberOctetsReceived', 'numberPacketsLost', 'jitter', 'latency',
    'pkid', 'directoryNumPartition', 'globalCallId_ClusterID', 'deviceName', 'varVQMetrics',
    'duration', 'videoContentType', 'videoDuration', 'numberVideoPacketsSent',
    'numberVideoOctetsSent', 'numberVideoPacketsReceived', 'numberVideoOctetsReceived',
    'numberVideoPacketsLost', 'videoAverageJitter', 'videoRoundTripTime', 'videoOneWayDelay',
    'videoReceptionMetrics', 'videoTransmissionMetrics', 'videoContentType_channel2',
    'videoDuration_channel2', 'numberVideoPacketsSent_channel2', 'numberVideoOctetsSent_channel2',
    'numberVideoPacketsReceived_channel2', 'numberVideoOctetsReceived_channel2',
    'numberVideoPacketsLost_channel2', 'videoAverageJitter_channel2',
    'videoRoundTripTime_channel2', 'videoOneWayDelay_channel2', 'videoReceptionMetrics_channel2',
    'videoTransmissionMetrics_channel2', 'localSessionID', 'remoteSessionID', 'headsetSN',
    'headsetMetrics',
]
CMR_TYPES = [
    'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'VARCHAR(50)', 'INTEGER', 'INTEGER', 'INTEGER',
    'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'UNIQUEIDENTIFIER',
    'VARCHAR(50)', 'VARCHAR(50)', 'VARCHAR(129)', 'VARCHAR(600)', 'INTEGER', 'VARCHAR(10)',
    'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER',
    'INTEGER', 'VARCHAR(600)', 'VARCHAR(600)', 'VARCHAR(10)', 'INTEGER', 'INTEGER', 'INTEGER',
    'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'VARCHAR(600)',
    'VARCHAR(600)', 'VARCHAR(128)', 'VARCHAR(128)', 'VARCHAR(129)', 'VARCHAR(1024)',
]

INT_TYPES = {'INTEGER'}
TYPE_OF = dict(zip(CDR_COLUMNS_133, CDR_TYPES_133))
CDR_COLUMNS_129 = CDR_COLUMNS_133[:129]
_IOI = {'IncomingICID', 'IncomingOrigIOI', 'IncomingTermIOI', 'OutgoingICID', 'OutgoingOrigIOI', 'OutgoingTermIOI'}


def columns_123():
    """CUCM 10.5: no ICID/IOI columns, lower-case protocol columns, huntPilotDN before its partition."""
    cols = [c for c in CDR_COLUMNS_129 if c not in _IOI]
    lower = {'IncomingProtocolID', 'IncomingProtocolCallRef', 'OutgoingProtocolID', 'OutgoingProtocolCallRef'}
    cols = [c[0].lower() + c[1:] if c in lower else c for c in cols]
    i, j = cols.index('huntPilotPartition'), cols.index('huntPilotDN')
    cols[i], cols[j] = cols[j], cols[i]
    assert len(cols) == 123
    return cols


CDR_COLUMNS_123 = columns_123()


def type_of(col):
    for c, t in TYPE_OF.items():
        if c.lower() == col.lower():
            return t
    raise KeyError(col)


def ip_int(dotted):
    """CUCM's integer form: signed 32-bit, first octet in the least significant byte."""
    a, b, c, d = (int(x) for x in dotted.split('.'))
    v = a | b << 8 | c << 16 | d << 24
    return v - (1 << 32) if v >= 1 << 31 else v


PHONES = {  # extension: (device, ip)
    '2001': ('SEP00505600A001', '10.20.30.201'),
    '2002': ('SEP00505600A002', '10.20.30.202'),
    '2003': ('SEP00505600A003', '10.20.30.203'),
    '2004': ('CSFMUELLER', '10.20.30.204'),
    '2101': ('SEP00505600B101', '10.20.31.101'),
    '2102': ('SEP00505600B102', '10.20.31.102'),
    '2301': ('SEP00505600C301', '10.20.32.51'),
    '2302': ('SEP00505600C302', '10.20.32.52'),
    '6231': ('SEP00505600D231', '10.20.33.31'),
}
GATEWAY = ('BER-GW01', '10.20.1.10')
SIP_TRUNK = ('SIP-PSTN-TRUNK', '10.20.1.20')
VOICEMAIL = ('CiscoUM1-VI3', '10.20.1.30')
RECORDER = ('SIP-RECORDER', '10.20.1.40')
CONF_BRIDGE = ('CFB_2', '10.20.1.50')


def row(cm=1, cluster='StandAloneCluster', **f):
    """A CDR row as a dict column -> value; unspecified integers are 0, strings empty."""
    r = {'cdrRecordType': 1, 'globalCallID_callManagerId': cm, 'globalCallId_ClusterID': cluster,
         'origNodeId': cm, 'destNodeId': cm, 'origPrecedenceLevel': 4, 'destPrecedenceLevel': 4,
         'origMediaCap_payloadCapability': 4, 'destMediaCap_payloadCapability': 4,
         'origMediaCap_maxFramesPerPacket': 20, 'destMediaCap_maxFramesPerPacket': 20,
         'origRSVPAudioStat': '0', 'origRSVPVideoStat': '0', 'destRSVPAudioStat': '0', 'destRSVPVideoStat': '0',
         'callingPartyNumberPartition': 'PT_INTERNAL', 'originalCalledPartyNumberPartition': 'PT_INTERNAL',
         'finalCalledPartyNumberPartition': 'PT_INTERNAL', 'origDTMFMethod': 3, 'destDTMFMethod': 3}
    orig = f.pop('orig', None)
    dest = f.pop('dest', None)
    if orig:
        r['origDeviceName'], ip = orig
        r['origIpAddr'] = ip_int(ip)
        r['origIpv4v6Addr'] = ip
        r['origMediaTransportAddress_IP'] = ip_int(ip)
    if dest:
        r['destDeviceName'], ip = dest
        r['destIpAddr'] = ip_int(ip)
        r['destIpv4v6Addr'] = ip
        r['destMediaTransportAddress_IP'] = ip_int(ip)
    r.update(f)
    for k in r:
        type_of(k)  # typo guard
    return r


def render(values, columns, quote_strings=True):
    out = []
    for c in columns:
        t = type_of(c)
        v = next((values[k] for k in values if k.lower() == c.lower()), None)
        if t in INT_TYPES:
            out.append(str(v if v is not None else 0))
        else:
            s = '' if v is None else str(v)
            out.append('"' + s.replace('"', '""') + '"' if quote_strings else s)
    return ','.join(out)


def header(columns, quoted=True):
    return ','.join('"%s"' % c if quoted else c for c in columns)


def types_line(columns):
    return ','.join(type_of(c) for c in columns)


def write(name, lines, eol='\n', final_eol=True):
    text = eol.join(lines) + (eol if final_eol else '')
    with open(os.path.join(HERE, name), 'w', newline='') as f:
        f.write(text)


def pkid(n):
    """A readable UUID-shaped pkid: the call number in the last group."""
    return 'c0ffee00-0000-4000-8000-%012d' % n


# --- cdr_133_basic.txt ------------------------------------------------------------------------
basic = [
    row(globalCallID_callId=10001, pkid=pkid(10001), origLegCallIdentifier=16001001, destLegIdentifier=16001002,
        dateTimeOrigination=T, dateTimeConnect=T + 6, dateTimeDisconnect=T + 101, duration=95,
        callingPartyNumber='2001', originalCalledPartyNumber='00305550123', finalCalledPartyNumber='00305550123',
        outpulsedCalledPartyNumber='+49305550123', outpulsedCallingPartyNumber='+49305552001',
        orig=PHONES['2001'], dest=GATEWAY, destSpan=7, origCause_value=16, origCause_location=0,
        origCallTerminationOnBehalfOf=12, calledPartyPatternUsage=5, clientMatterCode='4711',
        authorizationCodeValue='8080', authCodeDescription='Sales', authorizationLevel=1,
        comment='Project "Alpha" call', finalCalledPartyNumberPartition='PT_PSTN'),
    row(globalCallID_callId=10002, pkid=pkid(10002), dateTimeOrigination=T + 300, dateTimeConnect=T + 308,
        dateTimeDisconnect=T + 348, duration=40, callingPartyNumber='+4917655501234',
        originalCalledPartyNumber='2002', finalCalledPartyNumber='2002', orig=SIP_TRUNK, dest=PHONES['2002'],
        destCause_value=16, destCallTerminationOnBehalfOf=12, calledPartyPatternUsage=2,
        callingPartyNumberPartition=''),
    row(globalCallID_callId=10003, pkid=pkid(10003), dateTimeOrigination=T + 600, dateTimeConnect=0,
        dateTimeDisconnect=T + 625, duration=0, callingPartyNumber='2003', originalCalledPartyNumber='2004',
        finalCalledPartyNumber='2004', orig=PHONES['2003'], dest=PHONES['2004'], origCause_value=0,
        destCause_value=19, calledPartyPatternUsage=2),
    row(globalCallID_callId=10004, pkid=pkid(10004), dateTimeOrigination=T + 900, dateTimeConnect=0,
        dateTimeDisconnect=T + 902, duration=0, callingPartyNumber='2001', originalCalledPartyNumber='2002',
        finalCalledPartyNumber='2002', orig=PHONES['2001'], dest=PHONES['2002'], origCause_value=17,
        destCause_value=0, calledPartyPatternUsage=2),
    row(globalCallID_callId=10005, pkid=pkid(10005), dateTimeOrigination=T + 1000, dateTimeConnect=0,
        dateTimeDisconnect=T + 1003, duration=0, callingPartyNumber='2003', originalCalledPartyNumber='00309999999',
        finalCalledPartyNumber='00309999999', outpulsedCalledPartyNumber='+49309999999', orig=PHONES['2003'],
        dest=GATEWAY, origCause_value=1, destCause_value=0, calledPartyPatternUsage=5),
    row(globalCallID_callId=10006, pkid=pkid(10006), dateTimeOrigination=T + 1200, dateTimeConnect=T + 1218,
        dateTimeDisconnect=T + 1248, duration=30, callingPartyNumber='+4930555088888',
        originalCalledPartyNumber='2002', finalCalledPartyNumber='2999', lastRedirectDn='2002',
        orig=SIP_TRUNK, dest=VOICEMAIL, origCause_value=16, origCalledPartyRedirectReason=2,
        lastRedirectRedirectReason=2, origCalledPartyRedirectOnBehalfOf=5, lastRedirectRedirectOnBehalfOf=5,
        calledPartyPatternUsage=2, finalCalledPartyPattern='2999'),
]
write('cdr_133_basic.txt', [header(CDR_COLUMNS_133), types_line(CDR_COLUMNS_133)]
      + [render(r, CDR_COLUMNS_133) for r in basic])

# --- cdr_129.txt -------------------------------------------------------------------------------
r129 = [
    row(cm=2, cluster='RemoteCluster', globalCallID_callId=20001, pkid=pkid(20001), dateTimeOrigination=T + 3600,
        dateTimeConnect=T + 3604, dateTimeDisconnect=T + 3624, duration=20, callingPartyNumber='2001',
        originalCalledPartyNumber='2002', finalCalledPartyNumber='2002', orig=PHONES['2001'], dest=PHONES['2002'],
        origCause_value=16, calledPartyPatternUsage=2),
    row(cm=2, cluster='RemoteCluster', globalCallID_callId=20002, pkid=pkid(20002), dateTimeOrigination=T + 3700,
        dateTimeConnect=T + 3710, dateTimeDisconnect=T + 3840, duration=130, callingPartyNumber='2002',
        originalCalledPartyNumber='0017185550100', finalCalledPartyNumber='0017185550100', orig=PHONES['2002'],
        dest=SIP_TRUNK, origCause_value=0, destCause_value=16, calledPartyPatternUsage=5),
]
write('cdr_129.txt', [header(CDR_COLUMNS_129), types_line(CDR_COLUMNS_129)]
      + [render(r, CDR_COLUMNS_129) for r in r129])

# --- cdr_123_cucm105.txt -----------------------------------------------------------------------
r123 = [
    row(cm=3, globalCallID_callId=30001, pkid=pkid(30001), dateTimeOrigination=T + 4000, dateTimeConnect=T + 4009,
        dateTimeDisconnect=T + 4074, duration=65, callingPartyNumber='+4930555044444', originalCalledPartyNumber='2300',
        finalCalledPartyNumber='2301', lastRedirectDn='2300', orig=GATEWAY, origSpan=3, dest=PHONES['2301'],
        destCause_value=16, huntPilotDN='2300', huntPilotPartition='PT_HUNT', calledPartyPatternUsage=7),
    row(cm=3, globalCallID_callId=30002, pkid=pkid(30002), dateTimeOrigination=T + 4100, dateTimeConnect=0,
        dateTimeDisconnect=T + 4112, duration=0, callingPartyNumber='2003', originalCalledPartyNumber='2001',
        finalCalledPartyNumber='2001', orig=PHONES['2003'], dest=PHONES['2001'], origCause_value=16,
        destCause_value=0, calledPartyPatternUsage=2),
]
write('cdr_123_cucm105.txt', [header(CDR_COLUMNS_123), types_line(CDR_COLUMNS_123)]
      + [render(r, CDR_COLUMNS_123) for r in r123])

# --- headerless files --------------------------------------------------------------------------
h129 = [
    row(globalCallID_callId=40001, pkid=pkid(40001), dateTimeOrigination=T + 5000, dateTimeConnect=T + 5005,
        dateTimeDisconnect=T + 5065, duration=60, callingPartyNumber='2004', originalCalledPartyNumber='00305550999',
        finalCalledPartyNumber='00305550999', outpulsedCalledPartyNumber='+49305550999', orig=PHONES['2004'],
        dest=GATEWAY, origCause_value=16, calledPartyPatternUsage=5),
    row(globalCallID_callId=40002, pkid=pkid(40002), dateTimeOrigination=T + 5100, dateTimeConnect=T + 5103,
        dateTimeDisconnect=T + 5113, duration=10, callingPartyNumber='+4917655502222',
        originalCalledPartyNumber='2004', finalCalledPartyNumber='2004', orig=SIP_TRUNK, dest=PHONES['2004'],
        destCause_value=16, calledPartyPatternUsage=2),
]
write('cdr_headerless_129.txt', [render(r, CDR_COLUMNS_129) for r in h129])
h133 = [
    row(globalCallID_callId=50001, pkid=pkid(50001), dateTimeOrigination=T + 6000, dateTimeConnect=T + 6002,
        dateTimeDisconnect=T + 6010, duration=8, callingPartyNumber='2101', originalCalledPartyNumber='2102',
        finalCalledPartyNumber='2102', orig=PHONES['2101'], dest=PHONES['2102'], origCause_value=16,
        calledPartyPatternUsage=2, origDeviceType='Cisco 8845', destDeviceType='Cisco 8845'),
    row(globalCallID_callId=50002, pkid=pkid(50002), dateTimeOrigination=T + 6100, dateTimeConnect=0,
        dateTimeDisconnect=T + 6130, duration=0, callingPartyNumber='+4917655503333',
        originalCalledPartyNumber='2101', finalCalledPartyNumber='2101', orig=SIP_TRUNK, dest=PHONES['2101'],
        origCause_value=0, destCause_value=0, calledPartyPatternUsage=2),
]
write('cdr_headerless_133.txt', [render(r, CDR_COLUMNS_133) for r in h133])

# --- CAR-style export: one unquoted header, no type line, columns reversed ---------------------
reordered = list(reversed(CDR_COLUMNS_133))
car = [
    row(globalCallID_callId=60001, pkid=pkid(60001), dateTimeOrigination=T + 6500, dateTimeConnect=T + 6507,
        dateTimeDisconnect=T + 6807, duration=300, callingPartyNumber='2002', originalCalledPartyNumber='00895550111',
        finalCalledPartyNumber='00895550111', outpulsedCalledPartyNumber='+49895550111', orig=PHONES['2002'],
        dest=GATEWAY, origCause_value=16, calledPartyPatternUsage=5, clientMatterCode='0815'),
    row(globalCallID_callId=60002, pkid=pkid(60002), dateTimeOrigination=T + 6900, dateTimeConnect=0,
        dateTimeDisconnect=T + 6901, duration=0, callingPartyNumber='+4917655504444', originalCalledPartyNumber='2003',
        finalCalledPartyNumber='2003', orig=SIP_TRUNK, dest=PHONES['2003'], origCause_value=0, destCause_value=17,
        calledPartyPatternUsage=2),
]
write('cdr_car_export_reordered.txt', [header(reordered, quoted=False)]
      + [render(r, reordered, quote_strings=False) for r in car])

# --- transfer chain ----------------------------------------------------------------------------
transfer = [
    row(globalCallID_callId=70001, pkid=pkid(70001), origLegCallIdentifier=17000001, destLegIdentifier=17000002,
        dateTimeOrigination=T + 7200, dateTimeConnect=T + 7205, dateTimeDisconnect=T + 7260, duration=55,
        callingPartyNumber='+4917655507777', originalCalledPartyNumber='2101', finalCalledPartyNumber='2101',
        orig=SIP_TRUNK, dest=PHONES['2101'], origCause_value=0, destCause_value=393216,
        destCallTerminationOnBehalfOf=10, calledPartyPatternUsage=2),
    row(globalCallID_callId=70002, pkid=pkid(70002), origLegCallIdentifier=17000003, destLegIdentifier=17000004,
        dateTimeOrigination=T + 7230, dateTimeConnect=T + 7236, dateTimeDisconnect=T + 7260, duration=24,
        callingPartyNumber='2101', originalCalledPartyNumber='2102', finalCalledPartyNumber='2102',
        orig=PHONES['2101'], dest=PHONES['2102'], origCause_value=393216, destCause_value=0,
        origCallTerminationOnBehalfOf=10, calledPartyPatternUsage=2),
    row(globalCallID_callId=70001, pkid=pkid(70003), origLegCallIdentifier=17000001, destLegIdentifier=17000004,
        dateTimeOrigination=T + 7200, dateTimeConnect=T + 7260, dateTimeDisconnect=T + 7400, duration=140,
        callingPartyNumber='+4917655507777', originalCalledPartyNumber='2101', finalCalledPartyNumber='2102',
        lastRedirectDn='2101', orig=SIP_TRUNK, dest=PHONES['2102'], origCause_value=16, destCause_value=0,
        lastRedirectRedirectReason=4, lastRedirectRedirectOnBehalfOf=10, joinOnBehalfOf=10,
        origCallTerminationOnBehalfOf=12, calledPartyPatternUsage=2),
]
write('cdr_transfer_chain.txt', [header(CDR_COLUMNS_133), types_line(CDR_COLUMNS_133)]
      + [render(r, CDR_COLUMNS_133) for r in transfer])

# --- hunt group --------------------------------------------------------------------------------
hunt = [
    row(globalCallID_callId=80001, pkid=pkid(80001), dateTimeOrigination=T + 10800, dateTimeConnect=0,
        dateTimeDisconnect=T + 10815, duration=0, callingPartyNumber='+4930555033333',
        originalCalledPartyNumber='2300', finalCalledPartyNumber='2301', lastRedirectDn='2300', orig=GATEWAY,
        dest=PHONES['2301'], origCause_value=0, destCause_value=19, huntPilotDN='2300',
        huntPilotPartition='PT_HUNT', huntPilotPattern='2300', calledPartyPatternUsage=7),
    row(globalCallID_callId=80001, pkid=pkid(80002), dateTimeOrigination=T + 10800, dateTimeConnect=T + 10818,
        dateTimeDisconnect=T + 10900, duration=82, callingPartyNumber='+4930555033333',
        originalCalledPartyNumber='2300', finalCalledPartyNumber='2302', lastRedirectDn='2300', orig=GATEWAY,
        dest=PHONES['2302'], origCause_value=16, destCause_value=0, huntPilotDN='2300',
        huntPilotPartition='PT_HUNT', huntPilotPattern='2300', calledPartyPatternUsage=7),
    row(globalCallID_callId=80002, pkid=pkid(80003), dateTimeOrigination=T + 11000, dateTimeConnect=T + 11004,
        dateTimeDisconnect=T + 11034, duration=30, callingPartyNumber='2003', originalCalledPartyNumber='2300',
        finalCalledPartyNumber='2301', lastRedirectDn='2300', orig=PHONES['2003'], dest=PHONES['2301'],
        origCause_value=16, calledPartyPatternUsage=7),
]
write('cdr_hunt_group.txt', [header(CDR_COLUMNS_133), types_line(CDR_COLUMNS_133)]
      + [render(r, CDR_COLUMNS_133) for r in hunt])

# --- forwards ----------------------------------------------------------------------------------
forwards = [
    row(globalCallID_callId=90001, pkid=pkid(90001), dateTimeOrigination=T + 12000, dateTimeConnect=T + 12009,
        dateTimeDisconnect=T + 12209, duration=200, callingPartyNumber='+4917655501111',
        originalCalledPartyNumber='2610', finalCalledPartyNumber='00305557777', lastRedirectDn='2610',
        outpulsedCalledPartyNumber='+49305557777', orig=SIP_TRUNK, dest=GATEWAY, origCause_value=16,
        origCalledPartyRedirectReason=15, lastRedirectRedirectReason=15, origCalledPartyRedirectOnBehalfOf=5,
        lastRedirectRedirectOnBehalfOf=5, calledPartyPatternUsage=5),
    row(globalCallID_callId=90002, pkid=pkid(90002), dateTimeOrigination=T + 12300, dateTimeConnect=T + 12322,
        dateTimeDisconnect=T + 12367, duration=45, callingPartyNumber='2001', originalCalledPartyNumber='2302',
        finalCalledPartyNumber='6231', lastRedirectDn='2302', orig=PHONES['2001'], dest=PHONES['6231'],
        origCause_value=16, origCalledPartyRedirectReason=2, lastRedirectRedirectReason=2,
        origCalledPartyRedirectOnBehalfOf=5, lastRedirectRedirectOnBehalfOf=5, calledPartyPatternUsage=2),
    row(globalCallID_callId=90003, pkid=pkid(90003), dateTimeOrigination=T + 12400, dateTimeConnect=T + 12405,
        dateTimeDisconnect=T + 12425, duration=20, callingPartyNumber='2003', originalCalledPartyNumber='2610',
        finalCalledPartyNumber='00305557777', lastRedirectDn='2610', outpulsedCalledPartyNumber='+49305557777',
        orig=PHONES['2003'], dest=GATEWAY, origCause_value=16, origCalledPartyRedirectReason=15,
        lastRedirectRedirectReason=15, origCalledPartyRedirectOnBehalfOf=5, lastRedirectRedirectOnBehalfOf=5,
        calledPartyPatternUsage=5),
]
write('cdr_forwards.txt', [header(CDR_COLUMNS_133), types_line(CDR_COLUMNS_133)]
      + [render(r, CDR_COLUMNS_133) for r in forwards])

# --- built-in-bridge recording, monitoring and conference legs ---------------------------------
bridge = [
    row(globalCallID_callId=95001, pkid=pkid(95001), origLegCallIdentifier=19500001, destLegIdentifier=19500002,
        dateTimeOrigination=T + 13000, dateTimeConnect=T + 13003, dateTimeDisconnect=T + 13033, duration=30,
        callingPartyNumber='2001', originalCalledPartyNumber='2002', finalCalledPartyNumber='2002',
        orig=PHONES['2001'], dest=PHONES['2002'], origCause_value=16, calledPartyPatternUsage=2),
    row(globalCallID_callId=95002, pkid=pkid(95002), dateTimeOrigination=T + 13003, dateTimeConnect=0,
        dateTimeDisconnect=T + 13003, duration=0, callingPartyNumber='b00105401001',
        originalCalledPartyNumber='5559000', finalCalledPartyNumber='5559000', orig=PHONES['2001'],
        origCalledPartyRedirectOnBehalfOf=27, lastRedirectRedirectOnBehalfOf=27, joinOnBehalfOf=27,
        origCalledPartyRedirectReason=354, lastRedirectRedirectReason=354, destCallTerminationOnBehalfOf=12,
        origConversationId=19500001, calledPartyPatternUsage=5, finalCalledPartyNumberPartition='PT_REC'),
    row(globalCallID_callId=95003, pkid=pkid(95003), dateTimeOrigination=T + 13003, dateTimeConnect=T + 13004,
        dateTimeDisconnect=T + 13033, duration=29, callingPartyNumber='b00105401002',
        originalCalledPartyNumber='5559000', finalCalledPartyNumber='5559000', orig=PHONES['2002'], dest=RECORDER,
        origCalledPartyRedirectOnBehalfOf=27, lastRedirectRedirectOnBehalfOf=27, joinOnBehalfOf=27,
        origCalledPartyRedirectReason=354, lastRedirectRedirectReason=354, origCause_value=16,
        origConversationId=19500002, calledPartyPatternUsage=5, finalCalledPartyNumberPartition='PT_REC'),
    row(globalCallID_callId=95004, pkid=pkid(95004), dateTimeOrigination=T + 13010, dateTimeConnect=T + 13011,
        dateTimeDisconnect=T + 13030, duration=19, callingPartyNumber='2003', originalCalledPartyNumber='b00105401003',
        finalCalledPartyNumber='b00105401003', orig=PHONES['2003'], dest=PHONES['2001'],
        origCalledPartyRedirectOnBehalfOf=28, lastRedirectRedirectOnBehalfOf=28, joinOnBehalfOf=28,
        origCalledPartyRedirectReason=370, lastRedirectRedirectReason=370, origCause_value=16,
        calledPartyPatternUsage=2),
    row(globalCallID_callId=95005, pkid=pkid(95005), dateTimeOrigination=T + 13100, dateTimeConnect=T + 13102,
        dateTimeDisconnect=T + 13400, duration=298, callingPartyNumber='2003', originalCalledPartyNumber='2001',
        finalCalledPartyNumber='b00105402001', lastRedirectDn='2001', orig=PHONES['2003'], dest=CONF_BRIDGE,
        joinOnBehalfOf=4, lastRedirectRedirectOnBehalfOf=4, lastRedirectRedirectReason=98, origCause_value=16,
        destConversationId=16777220, comment='ConfControllerDn=2003;ConfControllerDeviceName=SEP00505600A003',
        calledPartyPatternUsage=1),
]
write('cdr_bridge_legs.txt', [header(CDR_COLUMNS_133), types_line(CDR_COLUMNS_133)]
      + [render(r, CDR_COLUMNS_133) for r in bridge])

# --- CMR file (48 columns) ---------------------------------------------------------------------
def cmr_row(call_id, dn, leg, device, pk):
    v = {'cdrRecordType': 2, 'globalCallID_callManagerId': 1, 'globalCallID_callId': call_id, 'nodeId': 1,
         'directoryNum': dn, 'callIdentifier': leg, 'dateTimeStamp': T + 101, 'numberPacketsSent': 4750,
         'numberOctetsSent': 760000, 'numberPacketsReceived': 4748, 'numberOctetsReceived': 759680,
         'numberPacketsLost': 2, 'jitter': 1, 'latency': 0, 'pkid': pk, 'directoryNumPartition': 'PT_INTERNAL',
         'globalCallId_ClusterID': 'StandAloneCluster', 'deviceName': device,
         'varVQMetrics': 'MLQK=4.5000;MLQKav=4.4000;MLQKmn=4.1000;MLQKmx=4.5000;CCR=0.0000;ICR=0.0000;ICRmx=0.0000;CS=0;SCS=0',
         'duration': 95}
    out = []
    for c, t in zip(CMR_COLUMNS, CMR_TYPES):
        if c in v:
            out.append(str(v[c]) if t == 'INTEGER' else '"%s"' % v[c])
        else:
            out.append('' if t == 'INTEGER' else '""')
    return ','.join(out)


write('cmr.txt', [header(CMR_COLUMNS), ','.join(CMR_TYPES),
                  cmr_row(10001, '2001', 16001001, 'SEP00505600A001', 'c0ffee01-0000-4a5b-9c1d-000000010001'),
                  cmr_row(10002, '2002', 16001004, 'SEP00505600A002', 'c0ffee01-0000-4a5b-9c1d-000000010002')])

# --- malformed rows mixed with good ones -------------------------------------------------------
def simple(call_id, offset):
    return row(globalCallID_callId=call_id, pkid=pkid(call_id), dateTimeOrigination=T + offset,
               dateTimeConnect=T + offset + 2, dateTimeDisconnect=T + offset + 12, duration=10,
               callingPartyNumber='2001', originalCalledPartyNumber='2002', finalCalledPartyNumber='2002',
               orig=PHONES['2001'], dest=PHONES['2002'], origCause_value=16, calledPartyPatternUsage=2)


good1, good2, good3 = simple(11001, 14000), simple(11002, 14100), simple(11003, 14200)
short = render(simple(11010, 14300), CDR_COLUMNS_133).rsplit(',', 1)[0]          # 132 fields
bad_time = render(simple(11011, 14400), CDR_COLUMNS_133).replace(str(T + 14400), '2025-03-03 11:60:00', 1)
no_pkid = render(dict(simple(11012, 14500), pkid=''), CDR_COLUMNS_133)
open_quote = render(simple(11013, 14600), CDR_COLUMNS_133).replace('"2001"', '"2001', 1)
write('cdr_malformed.txt', [header(CDR_COLUMNS_133), types_line(CDR_COLUMNS_133),
                            render(good1, CDR_COLUMNS_133), short, render(good2, CDR_COLUMNS_133),
                            bad_time, no_pkid, open_quote, render(good3, CDR_COLUMNS_133)])

# --- line-ending variants ----------------------------------------------------------------------
write('cdr_no_trailing_newline.txt', [header(CDR_COLUMNS_133), types_line(CDR_COLUMNS_133),
                                      render(simple(12001, 15000), CDR_COLUMNS_133),
                                      render(simple(12002, 15100), CDR_COLUMNS_133)], final_eol=False)
write('cdr_crlf.txt', [header(CDR_COLUMNS_133), types_line(CDR_COLUMNS_133),
                       render(simple(13001, 16000), CDR_COLUMNS_133), '',
                       render(simple(13002, 16100), CDR_COLUMNS_133)], eol='\r\n')

# --- issue 15: a forward split by a SIP REFER, a REFER transfer, voicemail over a SIP trunk -----
CUC_TRUNK = ('CUC-SIP-TRUNK', '10.20.1.60')   # Unity Connection voicemail reached over a SIP trunk
refer = [
    # 2610 forwards all calls (CFA, 15) to an outside number; the outside leg is later split by a
    # SIP REFER from the trunk (OnBehalfOf 17, cause 393216): still a forward, not a transfer.
    row(globalCallID_callId=96001, pkid=pkid(96001), dateTimeOrigination=T + 17000, dateTimeConnect=T + 17006,
        dateTimeDisconnect=T + 17096, duration=90, callingPartyNumber='+4917655506666',
        originalCalledPartyNumber='2610', finalCalledPartyNumber='00305558888', lastRedirectDn='2610',
        outpulsedCalledPartyNumber='+49305558888', orig=GATEWAY, dest=SIP_TRUNK, origCause_value=0,
        destCause_value=393216, destCallTerminationOnBehalfOf=17, origCalledPartyRedirectReason=15,
        lastRedirectRedirectReason=15, origCalledPartyRedirectOnBehalfOf=5, lastRedirectRedirectOnBehalfOf=5,
        joinOnBehalfOf=5, calledPartyPatternUsage=5),
    # A SIP phone transfers by REFER: the split leg of an ordinary call is a transfer split.
    row(globalCallID_callId=96002, pkid=pkid(96002), dateTimeOrigination=T + 17200, dateTimeConnect=T + 17203,
        dateTimeDisconnect=T + 17233, duration=30, callingPartyNumber='2001', originalCalledPartyNumber='2002',
        finalCalledPartyNumber='2002', orig=PHONES['2001'], dest=PHONES['2002'], origCause_value=0,
        destCause_value=393216, destCallTerminationOnBehalfOf=17, calledPartyPatternUsage=2),
    # Incoming through the gateway to 2003, no answer (CFNA, 2) to the voicemail pilot 2999 that
    # lives behind a SIP trunk: with the default trunk_patterns both ends look like trunks.
    row(globalCallID_callId=96003, pkid=pkid(96003), dateTimeOrigination=T + 17400, dateTimeConnect=T + 17420,
        dateTimeDisconnect=T + 17445, duration=25, callingPartyNumber='+4930555077777',
        originalCalledPartyNumber='2003', finalCalledPartyNumber='2999', lastRedirectDn='2003', orig=GATEWAY,
        dest=CUC_TRUNK, origCause_value=16, origCalledPartyRedirectReason=2, lastRedirectRedirectReason=2,
        origCalledPartyRedirectOnBehalfOf=5, lastRedirectRedirectOnBehalfOf=5, calledPartyPatternUsage=5),
]
write('cdr_refer_and_voicemail_trunk.txt', [header(CDR_COLUMNS_133), types_line(CDR_COLUMNS_133)]
      + [render(r, CDR_COLUMNS_133) for r in refer])

# --- issue 15: a CAR export re-saved by a spreadsheet ------------------------------------------
# The spreadsheet wrote the long called number 912677679721 in scientific notation. The plugin
# must reject that row (MALFORMED, finalCalledPartyNumber), not store `9.12678E+11` as a number.
resaved_cols = CDR_COLUMNS_133
resaved = [
    row(globalCallID_callId=97001, pkid=pkid(97001), dateTimeOrigination=T + 18000, dateTimeConnect=T + 18005,
        dateTimeDisconnect=T + 18065, duration=60, callingPartyNumber='2001', originalCalledPartyNumber='9.12678E+11',
        finalCalledPartyNumber='9.12678E+11', orig=PHONES['2001'], dest=GATEWAY, origCause_value=16,
        calledPartyPatternUsage=5),
    row(globalCallID_callId=97002, pkid=pkid(97002), dateTimeOrigination=T + 18100, dateTimeConnect=T + 18104,
        dateTimeDisconnect=T + 18124, duration=20, callingPartyNumber='2002', originalCalledPartyNumber='2003',
        finalCalledPartyNumber='2003', orig=PHONES['2002'], dest=PHONES['2003'], origCause_value=16,
        calledPartyPatternUsage=2),
    row(globalCallID_callId=97003, pkid=pkid(97003), dateTimeOrigination=T + 18200, dateTimeConnect=T + 18201,
        dateTimeDisconnect=T + 18211, duration=10, callingPartyNumber='Anna Beispiel', originalCalledPartyNumber='2003',
        finalCalledPartyNumber='2003', orig=PHONES['2001'], dest=PHONES['2003'], origCause_value=16,
        calledPartyPatternUsage=2),
]
write('cdr_spreadsheet_resaved.txt', [header(resaved_cols, quoted=False)]
      + [render(r, resaved_cols, quote_strings=False) for r in resaved])
