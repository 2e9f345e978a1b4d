package bigbuf

func hugePages([]byte) {}
