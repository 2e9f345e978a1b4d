package axml

import (
	"fmt"
	"math"
	"strconv"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// Value renders the attribute's value the way `aapt2 dump xmltree` does,
// without the quotes aapt2 puts around strings: "true", "@0x7f0a0001",
// "?0x01010054", "23", "0x00000010", "#ff00aa11", "16.000000dp", or the
// string itself. Negative dimensions and fractions are rendered with their
// sign (aapt2 2.19 prints them as large unsigned values).
func (a Attr) Value() string {
	switch a.Type {
	case resbin.TypeString:
		return a.str
	case resbin.TypeNull:
		if a.Data == 1 {
			return "@empty"
		}
		return a.Raw
	}
	return formatTyped(a.Type, a.Data)
}

// formatTyped renders a non-string Res_value.
func formatTyped(typ uint8, data uint32) string {
	switch typ {
	case resbin.TypeReference, resbin.TypeDynamicReference:
		if data == 0 {
			return "@null"
		}
		return fmt.Sprintf("@0x%08x", data)
	case resbin.TypeAttribute, resbin.TypeDynamicAttribute:
		return fmt.Sprintf("?0x%08x", data)
	case resbin.TypeFloat:
		return strconv.FormatFloat(float64(math.Float32frombits(data)), 'g', 6, 32)
	case resbin.TypeDimension:
		return fmt.Sprintf("%f%s", complexValue(data), unit(dimensionUnits, data))
	case resbin.TypeFraction:
		return fmt.Sprintf("%f%s", complexValue(data), unit(fractionUnits, data))
	case resbin.TypeIntDec:
		return strconv.Itoa(int(int32(data)))
	case resbin.TypeIntHex:
		return fmt.Sprintf("0x%08x", data)
	case resbin.TypeIntBoolean:
		return strconv.FormatBool(data != 0)
	case resbin.TypeIntColorARGB8, resbin.TypeIntColorRGB8, resbin.TypeIntColorARGB4, resbin.TypeIntColorRGB4:
		return fmt.Sprintf("#%08x", data)
	}
	return fmt.Sprintf("(type 0x%02x)0x%08x", typ, data)
}

var (
	dimensionUnits = []string{"px", "dp", "sp", "pt", "in", "mm"}
	fractionUnits  = []string{"%", "%p"}
	radixScale     = [4]float64{1.0 / (1 << 8), 1.0 / (1 << 15), 1.0 / (1 << 23), 1.0 / (1 << 31)}
)

// complexValue decodes a complex (dimension or fraction) value as the
// platform's TypedValue.complexToFloat does: a signed 24-bit mantissa and a
// 2-bit radix.
func complexValue(data uint32) float64 {
	mantissa := float64(int32(data & 0xffffff00))
	return mantissa * radixScale[(data>>4)&3]
}

func unit(units []string, data uint32) string {
	if u := int(data & 0xf); u < len(units) {
		return units[u]
	}
	return fmt.Sprintf("(unit %d)", data&0xf)
}
