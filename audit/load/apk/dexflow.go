package apk

// methodFacts is what one pass over a method's instructions tells the TLS
// analysis: whether it throws, branches or loops, what it invokes and
// what each return returns. It is a linear, flow-insensitive summary; the
// judgements in dextls.go only use it in ways that stay conservative
// (an unknown value never counts as "returns true").
type methodFacts struct {
	throws   bool // a throw instruction
	branches bool // if-*, packed- or sparse-switch
	backJump bool // a goto or branch to an earlier address (a loop)
	lastElem bool // array-length followed by add-int/lit8 -1: chain[chain.length - 1]
	reads    bool // an instance or static field read
	invokes  []invokeAt
	returns  []regValue // value of the returned register at each return (linear)
	retRegs  []uint16   // the register each return returns
	writes   map[uint16][]regValue
}

// invokeAt is one invoke instruction.
type invokeAt struct {
	addr   uint32
	method uint32 // method index
	static bool   // invoke-static or invoke-direct (a call the verifier resolves statically)
}

// regValue is what a register holds: a known constant, the result of a
// call, or unknown.
type regValue struct {
	kind   byte // valUnknown, valConst, valResult
	n      int32
	callee uint32
	static bool // the call was invoke-static or invoke-direct
}

const (
	valUnknown byte = iota
	valConst
	valResult
)

// scanFacts walks code c once. It never reads outside c.insns. isSize
// reports whether a method index is a collection's size() (its result,
// like array-length's, starts a chain[length - 1] pattern).
func scanFacts(c codeItem, isSize func(method uint32) bool) methodFacts {
	s := factScanner{f: methodFacts{writes: map[uint16][]regValue{}}, regs: map[uint16]regValue{}, lenReg: -1, isSize: isSize}
	n := uint32(len(c.insns))
	for i := uint32(0); i < n; {
		ins := uint32(c.insns[i])
		op := ins & 0xff
		w := uint32(opWidth[op])
		if op == 0 && ins != 0 {
			w = uint32(payloadWidth(ins, uint64(i), uint64(n), func(j uint64) uint32 { return uint32(c.insns[j]) }))
		}
		if w == 0 || i+w > n {
			break
		}
		s.step(i, ins, func(k uint32) uint32 { return uint32(c.insns[i+k]) })
		i += w
	}
	return s.f
}

// factScanner is the state of scanFacts between instructions.
type factScanner struct {
	f       methodFacts
	regs    map[uint16]regValue
	pending *invokeAt // invoke whose result a move-result may take
	lenReg  int       // register holding an array length or size(), -1 for none
	isSize  func(uint32) bool
}

func (s *factScanner) set(r uint16, v regValue) {
	s.regs[r] = v
	s.f.writes[r] = append(s.f.writes[r], v)
}

// step records one instruction at address i; u(k) is its k-th code unit.
func (s *factScanner) step(i, ins uint32, u func(uint32) uint32) {
	op := ins & 0xff
	a8, a4, b4 := uint16(ins>>8), uint16(ins>>8&0xf), int32(ins>>12)
	f := &s.f
	prev := s.pending
	s.pending = nil
	f.reads = f.reads || op >= 0x52 && op <= 0x58 || op >= 0x60 && op <= 0x66
	switch {
	case op == 0x12: // const/4 vA, #+B
		s.set(a4, regValue{kind: valConst, n: b4 << 28 >> 28})
	case op == 0x13: // const/16 vAA, #+BBBB
		s.set(a8, regValue{kind: valConst, n: int32(int16(u(1)))})
	case op == 0x14: // const vAA, #+BBBBBBBB
		s.set(a8, regValue{kind: valConst, n: int32(u(1) | u(2)<<16)})
	case op == 0x0a && prev != nil: // move-result vAA
		s.set(a8, regValue{kind: valResult, callee: prev.method, static: prev.static})
		if s.isSize(prev.method) {
			s.lenReg = int(a8)
		}
	case op == 0x0f: // return vAA
		f.returns = append(f.returns, s.regs[a8])
		f.retRegs = append(f.retRegs, a8)
	case op == 0x27:
		f.throws = true
	case op == 0x28 || op == 0x29 || op == 0x2a:
		f.backJump = f.backJump || jumpBack(op, ins, u)
	case op == 0x2b || op == 0x2c:
		f.branches = true
	case op >= 0x32 && op <= 0x3d:
		f.branches = true
		f.backJump = f.backJump || int16(u(1)) < 0
	case op >= 0x6e && op <= 0x72 || op >= 0x74 && op <= 0x78:
		iv := invokeAt{addr: i, method: u(1), static: op == 0x70 || op == 0x71 || op == 0x76 || op == 0x77}
		f.invokes = append(f.invokes, iv)
		s.pending = &iv
	case op == 0x21: // array-length vA, vB
		s.set(a4, regValue{})
		s.lenReg = int(a4)
	case op == 0xd8 && int(u(1)&0xff) == s.lenReg && int8(u(1)>>8) == -1: // add-int/lit8 vAA, vBB, #-1
		f.lastElem = true
		s.set(a8, regValue{})
	case writesA(op):
		s.set(a8, regValue{})
		s.set(a4, regValue{})
		s.set(a8+1, regValue{})
	}
}

// jumpBack reports whether a goto jumps to an earlier address.
func jumpBack(op, ins uint32, u func(uint32) uint32) bool {
	switch op {
	case 0x28:
		return int8(ins>>8) < 0
	case 0x29:
		return int16(u(1)) < 0
	}
	return int32(u(1)|u(2)<<16) < 0
}

// writesA reports whether an opcode writes register A (moves, constants,
// reads, conversions, arithmetic). Both the 4-bit and 8-bit forms of A are
// cleared by the caller, which only loses precision.
func writesA(op uint32) bool {
	switch {
	case op >= 0x01 && op <= 0x0d, op >= 0x15 && op <= 0x1c, op >= 0x1f && op <= 0x23,
		op >= 0x2d && op <= 0x31, op >= 0x44 && op <= 0x4a, op >= 0x52 && op <= 0x58,
		op >= 0x60 && op <= 0x66, op >= 0x7b && op <= 0xe2:
		return true
	}
	return false
}

// covered reports whether code unit addr lies inside a try block.
func (c codeItem) covered(addr uint32) bool {
	for _, t := range c.tries {
		if addr >= t.start && addr < t.end {
			return true
		}
	}
	return false
}
