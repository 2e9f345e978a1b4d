package arsc

import (
	"fmt"
	"strings"
)

// Config is the part of a ResTable_config that pinkit decodes: enough to
// tell the default configuration apart and to display a variant the way
// `aapt2 dump resources` does ("fr", "hdpi", "v28", "fr-rCA-night").
type Config struct {
	MCC, MNC              uint16
	Language, Country     string // "fr", "CA"; empty for any
	Script, Variant       string // BCP 47 script and variant; empty for none
	Orientation           uint8
	Touchscreen           uint8
	Density               uint16
	Keyboard, Navigation  uint8
	InputFlags            uint8
	ScreenWidth           uint16
	ScreenHeight          uint16
	SDKVersion            uint16
	ScreenLayout, UIMode  uint8
	SmallestScreenWidthDp uint16
	ScreenWidthDp         uint16
	ScreenHeightDp        uint16
	ScreenLayout2         uint8
	ColorMode             uint8
	// Default is true when every byte of the config after its size field
	// (up to the 64 bytes Android reads) is zero: the configuration that
	// applies when no qualifier matches.
	Default bool
}

// configKnownSize is sizeof(ResTable_config) on current Android.
const configKnownSize = 64

// parseConfig decodes a ResTable_config of len(b) bytes (b starts at the
// size field, len(b) is that size). Missing trailing fields read as zero.
func parseConfig(b []byte) Config {
	var f [64]byte
	copy(f[:], b)
	c := Config{
		MCC: u16(f[:], 4), MNC: u16(f[:], 6),
		Language: unpackLocale(f[8], f[9], 'a'), Country: unpackLocale(f[10], f[11], '0'),
		Orientation: f[12], Touchscreen: f[13], Density: u16(f[:], 14),
		Keyboard: f[16], Navigation: f[17], InputFlags: f[18],
		ScreenWidth: u16(f[:], 20), ScreenHeight: u16(f[:], 22),
		SDKVersion:   u16(f[:], 24),
		ScreenLayout: f[28], UIMode: f[29], SmallestScreenWidthDp: u16(f[:], 30),
		ScreenWidthDp: u16(f[:], 32), ScreenHeightDp: u16(f[:], 34),
		Script: cstr(f[36:40]), Variant: cstr(f[40:48]),
		ScreenLayout2: f[48], ColorMode: f[49],
	}
	// Android copies at most sizeof(ResTable_config) (64 bytes) and ignores
	// the rest, so bytes past 64 cannot make a config non-default.
	c.Default = len(b) < 4 || allZero(b[4:min(len(b), configKnownSize)])
	return c
}

// unpackLocale decodes a 2-byte language or region; a set high bit marks the
// packed 3-letter form of ResTable_config::packLanguageOrRegion.
func unpackLocale(b0, b1 byte, base byte) string {
	if b0 == 0 {
		return ""
	}
	if b0&0x80 == 0 {
		return cstr([]byte{b0, b1})
	}
	first := b1 & 0x1f
	second := (b1&0xe0)>>5 | (b0&0x03)<<3
	third := (b0 & 0x7c) >> 2
	return string([]byte{base + first, base + second, base + third})
}

func cstr(b []byte) string {
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// String renders the qualifiers in aapt2 order, "" for the default config.
func (c Config) String() string {
	var q []string
	add := func(s string) { q = append(q, s) }
	if c.MCC != 0 {
		add(fmt.Sprintf("mcc%d", c.MCC))
	}
	if c.MNC != 0 {
		add(fmt.Sprintf("mnc%d", c.MNC))
	}
	if l := c.locale(); l != "" {
		add(l)
	}
	q = append(q, c.layoutQualifiers()...)
	q = append(q, c.deviceQualifiers()...)
	if c.ScreenWidth != 0 || c.ScreenHeight != 0 {
		add(fmt.Sprintf("%dx%d", c.ScreenWidth, c.ScreenHeight))
	}
	if c.SDKVersion != 0 {
		add(fmt.Sprintf("v%d", c.SDKVersion))
	}
	return strings.Join(q, "-")
}

func (c Config) locale() string {
	if c.Language == "" && c.Country == "" {
		return ""
	}
	if c.Script == "" && c.Variant == "" { // legacy form, as ResTable_config::appendDirLocale
		if c.Country == "" {
			return c.Language
		}
		return c.Language + "-r" + c.Country
	}
	s := "b+" + c.Language
	for _, p := range []string{c.Script, c.Country, c.Variant} {
		if p != "" {
			s += "+" + p
		}
	}
	return s
}

func (c Config) layoutQualifiers() []string {
	var q []string
	switch c.ScreenLayout & 0xc0 {
	case 0x40:
		q = append(q, "ldltr")
	case 0x80:
		q = append(q, "ldrtl")
	}
	if c.SmallestScreenWidthDp != 0 {
		q = append(q, fmt.Sprintf("sw%ddp", c.SmallestScreenWidthDp))
	}
	if c.ScreenWidthDp != 0 {
		q = append(q, fmt.Sprintf("w%ddp", c.ScreenWidthDp))
	}
	if c.ScreenHeightDp != 0 {
		q = append(q, fmt.Sprintf("h%ddp", c.ScreenHeightDp))
	}
	q = appendName(q, int(c.ScreenLayout&0x0f), "", "small", "normal", "large", "xlarge")
	q = appendName(q, int(c.ScreenLayout&0x30)>>4, "", "notlong", "long")
	q = appendName(q, int(c.ScreenLayout2&0x03), "", "notround", "round")
	q = appendName(q, int(c.ColorMode&0x03), "", "nowidecg", "widecg")
	q = appendName(q, int(c.ColorMode&0x0c)>>2, "", "lowdr", "highdr")
	return q
}

func (c Config) deviceQualifiers() []string {
	var q []string
	q = appendName(q, int(c.Orientation), "", "port", "land", "square")
	q = appendName(q, int(c.UIMode&0x0f), "", "", "desk", "car", "television", "appliance", "watch", "vrheadset")
	q = appendName(q, int(c.UIMode&0x30)>>4, "", "notnight", "night")
	q = append(q, densityName(c.Density)...)
	q = appendName(q, int(c.Touchscreen), "", "notouch", "stylus", "finger")
	q = appendName(q, int(c.InputFlags&0x03), "", "keysexposed", "keyshidden", "keyssoft")
	q = appendName(q, int(c.Keyboard), "", "nokeys", "qwerty", "12key")
	q = appendName(q, int(c.InputFlags&0x0c)>>2, "", "navexposed", "navhidden")
	q = appendName(q, int(c.Navigation), "", "nonav", "dpad", "trackball", "wheel")
	return q
}

func appendName(q []string, v int, names ...string) []string {
	if v > 0 && v < len(names) && names[v] != "" {
		return append(q, names[v])
	}
	return q
}

func densityName(d uint16) []string {
	var n string
	switch d {
	case 0:
		return nil
	case 120:
		n = "ldpi"
	case 160:
		n = "mdpi"
	case 213:
		n = "tvdpi"
	case 240:
		n = "hdpi"
	case 320:
		n = "xhdpi"
	case 480:
		n = "xxhdpi"
	case 640:
		n = "xxxhdpi"
	case 0xfffe:
		n = "anydpi"
	case 0xffff:
		n = "nodpi"
	default:
		n = fmt.Sprintf("%ddpi", d)
	}
	return []string{n}
}
