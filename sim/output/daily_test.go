package output

import (
	"math"
	"reflect"
	"testing"

	"github.com/ektpsim/ektpsim/sim/model"
)

// Hours are written with at most 3 decimals and no trailing zeros; whole
// hours take a faster path that must read the same.
func TestAppendHours(t *testing.T) {
	for _, c := range []struct {
		h    float64
		want string
	}{
		{0, "0"}, {8, "8"}, {24, "24"}, {1e6, "1000000"}, {2.5, "2.5"}, {1.0004, "1"},
		{0.0006, "0.001"}, {7.9999, "8"}, {1.25, "1.25"}, {123.4567, "123.457"},
	} {
		if got := string(appendHours(nil, c.h)); got != c.want {
			t.Errorf("appendHours(%v) = %q, want %q", c.h, got, c.want)
		}
	}
}

// Every field of Figures survives a FiguresRecord: a field added to
// Figures and forgotten in the record fails here.
func TestFiguresRecordRoundTrip(t *testing.T) {
	var f model.Figures
	v := reflect.ValueOf(&f).Elem()
	k := 1.0
	for i := 0; i < v.NumField(); i++ {
		switch fv := v.Field(i); fv.Kind() {
		case reflect.Int, reflect.Int64:
			fv.SetInt(int64(k))
		case reflect.Float64:
			fv.SetFloat(k + 0.25)
		case reflect.Array:
			for j := 0; j < fv.Len(); j++ {
				fv.Index(j).SetFloat(k + float64(j)/8)
			}
		default:
			t.Fatalf("field %s of kind %s: extend the test", v.Type().Field(i).Name, fv.Kind())
		}
		k++
	}
	g := model.Figures{PrintedTotal: 7, ClearDay: -1, MeanWait: math.NaN()}
	back := FiguresOf(FiguresRecord([]model.Figures{f, g}))
	if len(back) != 2 || !reflect.DeepEqual(back[0], f) {
		t.Fatalf("round trip gave %+v, want %+v", back[0], f)
	}
	if back[1].PrintedTotal != 7 || back[1].ClearDay != -1 || !math.IsNaN(back[1].MeanWait) {
		t.Errorf("second region came back as %+v", back[1])
	}
}
