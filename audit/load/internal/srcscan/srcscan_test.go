package srcscan

import (
	"testing"
)

func TestLines(t *testing.T) {
	t.Parallel()
	data := []byte("ab\ncd\n\nef")
	for off, want := range map[int]int{0: 1, 1: 1, 2: 1, 3: 2, 5: 2, 6: 3, 7: 4, 8: 4, 100: 4} {
		if got := NewLines(data).Line(off); got != want {
			t.Errorf("Line(%d) = %d, want %d", off, got, want)
		}
	}
	if got := NewLines(nil).Line(0); got != 1 {
		t.Errorf("empty file: Line(0) = %d, want 1", got)
	}
}

func TestLiteralsAndUnquote(t *testing.T) {
	t.Parallel()
	data := []byte(`a = "https://x.example.com/\u00e9" + "say \"hi\"" + "bad \q"` + "\n\"not\none\"") // a literal never spans lines
	var got []string
	for _, m := range Literals(data) {
		got = append(got, Unquote(data[m[2]:m[3]]))
	}
	want := []string{"https://x.example.com/é", `say "hi"`, `bad \q`}
	if len(got) != len(want) {
		t.Fatalf("literals = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("literal %d = %q, want %q", i, got[i], want[i])
		}
	}
}
