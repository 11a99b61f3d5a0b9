package scenario

import "testing"

// BenchmarkLoadNational is loading and validating the national scenario
// (514 regions, 412 kB of YAML), as every run does once.
func BenchmarkLoadNational(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load("../../scenarios/national-2016-2018.yaml", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
