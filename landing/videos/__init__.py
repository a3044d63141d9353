"""Personal videos: receiving a recording or upload, making it playable for every browser
(in `landing worker`), storing and serving its files, and which prospects show it."""
