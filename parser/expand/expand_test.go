package expand

import (
	"strings"
	"testing"
)

func TestBound(t *testing.T) {
	sizes := map[string]int{"A": 3, "B": 10, "A1": 7}
	size := func(n string) int { return sizes[n] }
	for text, want := range map[string]int{
		"plain":      5,
		"$A":         2 + 3,
		"${A}${A}":   8 + 6,
		"${A:-${B}}": 10 + 3 + 10,
		"$A1-$1":     6 + 7, // $1 is no name
		"$$":         2,
		"${UNSET}":   8,
		"x${A}y$B":   8 + 3 + 10,
		"trailing $": 10,
		"${":         2,
	} {
		if got := Bound(text, size); got != want {
			t.Errorf("Bound(%q) = %d, want %d", text, got, want)
		}
	}
}

// Doubling 40 times would be terabytes: the bound saturates instead.
func TestBoundDoubling(t *testing.T) {
	sizes := map[string]int{"V0": 16}
	for i := 1; i < 40; i++ {
		name := "V" + string(rune('0'+i%10)) + strings.Repeat("x", i/10)
		sizes[name] = Bound("${P}${P}", func(string) int { return sizes["prev"] })
		sizes["prev"] = sizes[name]
	}
	if got := Bound("${V}", func(string) int { return Max }); got != Max+1 {
		t.Errorf("saturation: %d", got)
	}
	if sizes["prev"] != Max+1 {
		t.Errorf("doubling bound %d, want saturated %d", sizes["prev"], Max+1)
	}
}
