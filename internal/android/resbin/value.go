package resbin

// Res_value data types (Res_value::dataType) from AOSP ResourceTypes.h.
const (
	TypeNull             = 0x00
	TypeReference        = 0x01
	TypeAttribute        = 0x02
	TypeString           = 0x03
	TypeFloat            = 0x04
	TypeDimension        = 0x05
	TypeFraction         = 0x06
	TypeDynamicReference = 0x07
	TypeDynamicAttribute = 0x08
	TypeIntDec           = 0x10
	TypeIntHex           = 0x11
	TypeIntBoolean       = 0x12
	TypeIntColorARGB8    = 0x1c
	TypeIntColorRGB8     = 0x1d
	TypeIntColorARGB4    = 0x1e
	TypeIntColorRGB4     = 0x1f
)

// NoString is the ResStringPool_ref index meaning "no string".
const NoString = 0xffffffff
