"""The address ranges of email security scanners that a new company's settings start with
(Company settings → Scanner ranges): the published ranges of the vendors named below. Data,
kept apart from the matching (landing.pages.scanners) so the table's default can name it."""

# Most scanners send an ordinary browser's user agent, so where they come from is what gives
# them away. Seeded with the vendors' mail-flow ranges (their published lists, and the networks
# their mail hosts are seen in), on the assumption that their link checks run from the same places.
DEFAULT_RANGES = """\
# Email security services open every link in a message before the person does.
# Visits from these ranges count as bots. One range per line; # starts a comment.
# Edit this list in Company settings: vendors add and retire ranges, so compare
# it with their published lists now and then.

# Microsoft Exchange Online Protection / Defender for Office 365 (Safe Links).
# Its link detonation also runs from wider Azure ranges Microsoft does not list.
40.92.0.0/15
40.107.0.0/16
52.100.0.0/14
104.47.0.0/17
2a01:111:f400::/48
2a01:111:f403::/48

# Mimecast (United States)
205.139.110.0/23
207.211.30.0/24
207.211.31.0/25
216.205.24.0/24
63.128.21.0/24
170.10.128.0/22
170.10.132.0/23
# Mimecast (Europe, United Kingdom, Germany)
91.220.42.0/24
146.101.78.0/24
195.130.217.0/24
185.58.85.0/24
185.58.86.0/24
194.104.109.0/24

# Proofpoint (pphosted.com, United States and Europe)
67.231.144.0/20
148.163.128.0/19
205.220.160.0/19
185.132.180.0/22
185.183.28.0/22

# Barracuda Email Security Service / Email Gateway Defense (United States, Germany)
64.235.144.0/20
209.222.80.0/21
35.157.190.224/27
18.184.203.224/27

# Cisco Secure Email cloud (IronPort, iphmx.com)
68.232.128.0/19
216.71.144.0/20

# Trend Micro Email Security (North America, Europe)
18.208.22.64/26
18.208.22.128/25
18.185.115.0/25

# Sophos Email (partial: most of its hosts are AWS addresses listed in Sophos Central)
94.140.18.0/24
198.154.180.0/24
"""
