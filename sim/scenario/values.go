package scenario

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ektpsim/ektpsim/sim/dist"
	"gopkg.in/yaml.v3"
)

// scalarValue is implemented by leaf types written as one YAML scalar.
type scalarValue interface {
	setScalar(n *yaml.Node) error
}

// Date is a calendar day, held as days since 1970-01-01.
type Date struct{ days int64 }

// DateOf returns the Date of a year, month and day.
func DateOf(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400}
}

// Days returns the days since 1970-01-01.
func (d Date) Days() int64 { return d.days }

// AddDays returns the date n days later.
func (d Date) AddDays(n int64) Date { return Date{d.days + n} }

// Time returns 00:00 UTC of the date.
func (d Date) Time() time.Time { return time.Unix(d.days*86400, 0).UTC() }

func (d Date) String() string { return d.Time().Format("2006-01-02") }

// IsZero reports whether d was never set (1970-01-01 is not a plausible
// scenario date).
func (d Date) IsZero() bool { return d.days == 0 }

// The dates a scenario may name, in years: far wider than any plan, and
// narrow enough that every count of days and minutes stays small.
const (
	MinYear = 1900
	MaxYear = 2199
)

// ParseDate reads 2017-08-14, a date from MinYear to MaxYear.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date; write YYYY-MM-DD, e.g. 2017-08-14", s)
	}
	if err := yearInRange(t, s); err != nil {
		return Date{}, err
	}
	return Date{t.Unix() / 86400}, nil
}

func yearInRange(t time.Time, s string) error {
	if t.Year() < MinYear || t.Year() > MaxYear {
		return fmt.Errorf("%s is outside the dates ektpsim accepts, %d-01-01 to %d-12-31", strings.TrimSpace(s), MinYear, MaxYear)
	}
	return nil
}

func (d *Date) setScalar(n *yaml.Node) (err error) {
	*d, err = ParseDate(n.Value)
	return err
}
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// Instant is a date with an optional clock time, held as minutes since
// 1970-01-01 00:00.
type Instant struct{ minutes int64 }

// Hours returns the instant in hours since the start date's 00:00.
func (i Instant) Hours(start Date) float64 { return float64(i.minutes-start.days*1440) / 60 }

// Date returns the day the instant falls on.
func (i Instant) Date() Date { return Date{floorDiv(i.minutes, 1440)} }

func (i Instant) String() string {
	t := time.Unix(i.minutes*60, 0).UTC()
	if i.minutes%1440 == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04")
}

func (i *Instant) setScalar(n *yaml.Node) error {
	s := strings.TrimSpace(n.Value)
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02T15:04:05Z"} {
		if t, err := time.Parse(layout, s); err == nil {
			if err := yearInRange(t, s); err != nil {
				return err
			}
			i.minutes = t.Unix() / 60
			return nil
		}
	}
	return fmt.Errorf("%q is not a date or instant; write 2017-08-14 or 2017-08-14 06:00", s)
}
func (i Instant) MarshalYAML() (any, error) { return i.String(), nil }

// Duration is a fixed length of time, written with a unit, held in hours.
type Duration struct {
	Hours float64
	text  string
}

// NewDuration returns a Duration of h hours, written in days when whole.
func NewDuration(h float64) Duration { return Duration{Hours: h, text: hoursText(h)} }

func (d *Duration) setScalar(n *yaml.Node) error {
	h, err := dist.ParseDuration(n.Value)
	if err != nil {
		return err
	}
	*d = Duration{h, strings.TrimSpace(n.Value)}
	return nil
}
func (d Duration) MarshalYAML() (any, error) {
	if d.text == "" {
		return hoursText(d.Hours), nil
	}
	return d.text, nil
}

func hoursText(h float64) string {
	if h == 0 {
		return "0h"
	}
	if math.Mod(h, 24) == 0 {
		return strconv.FormatFloat(h/24, 'f', -1, 64) + "d"
	}
	return strconv.FormatFloat(h, 'f', -1, 64) + "h"
}

// Hours is a number of hours, written as a number or as a duration.
type Hours float64

func (h *Hours) setScalar(n *yaml.Node) error {
	if v, err := strconv.ParseFloat(n.Value, 64); err == nil {
		if v < 0 || math.Signbit(v) || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s is not a number of hours, 0 or more", n.Value)
		}
		*h = Hours(v)
		return nil
	}
	v, err := dist.ParseDuration(n.Value)
	*h = Hours(v)
	return err
}

// DurationDist is a random duration: a fixed duration or a distribution.
type DurationDist struct {
	Dist dist.Dist
	Text string
}

// IsZero reports whether the quantity is absent or fixed at 0.
func (d DurationDist) IsZero() bool { return d.Dist == nil || d.Dist == dist.Dist(dist.Fixed{}) }

func (d *DurationDist) setScalar(n *yaml.Node) error {
	v, err := dist.Parse(n.Value, dist.DurationKind)
	if err != nil {
		return err
	}
	*d = DurationDist{v, strings.TrimSpace(n.Value)}
	return nil
}
func (d DurationDist) MarshalYAML() (any, error) {
	if d.Dist == nil {
		return "0", nil
	}
	return d.Text, nil
}

// CountDist is a random count: a number or a distribution.
type CountDist struct {
	Dist dist.Dist
	Text string
}

func (d *CountDist) setScalar(n *yaml.Node) error {
	v, err := dist.Parse(n.Value, dist.CountKind)
	if err != nil {
		return err
	}
	*d = CountDist{v, strings.TrimSpace(n.Value)}
	return nil
}
func (d CountDist) MarshalYAML() (any, error) {
	if d.Dist == nil {
		return 0, nil
	}
	if f, ok := d.Dist.(dist.Fixed); ok {
		return f.Value, nil
	}
	return d.Text, nil
}

// Mean returns the expected count, 0 when absent.
func (d CountDist) Mean() float64 {
	if d.Dist == nil {
		return 0
	}
	return d.Dist.Mean()
}

// Amount is a whole number or `unlimited`.
type Amount struct {
	N         int64
	Unlimited bool
}

// Unlimited is the amount that never runs out.
var unlimited = Amount{Unlimited: true}

func (a *Amount) setScalar(n *yaml.Node) error {
	s := strings.TrimSpace(n.Value)
	if strings.EqualFold(s, "unlimited") {
		*a = unlimited
		return nil
	}
	v, err := parseWhole(s)
	if err != nil {
		return fmt.Errorf("%s; write a whole number, 0 or more, or write unlimited", err)
	}
	if v < 0 {
		return fmt.Errorf("%d is negative; write a whole number, 0 or more, or write unlimited", v)
	}
	*a = Amount{N: v}
	return nil
}
func (a Amount) MarshalYAML() (any, error) {
	if a.Unlimited {
		return "unlimited", nil
	}
	return a.N, nil
}

// ClassCounts are record counts by class. A plain number means first-time
// records.
type ClassCounts struct {
	FirstTime     int64 `yaml:"first_time" what:"records" max:"1e12"`
	Replacement   int64 `yaml:"replacement" what:"records" max:"1e12"`
	ElementChange int64 `yaml:"element_change" what:"records" max:"1e12"`
}

// Of returns the count of class c.
func (c ClassCounts) Of(k Class) int64 {
	return [NumClasses]int64{c.FirstTime, c.Replacement, c.ElementChange}[k]
}

// Total returns the sum over classes.
func (c ClassCounts) Total() int64 { return c.FirstTime + c.Replacement + c.ElementChange }

// ClockRange is a daily time range like 08:00-16:00, held in hours.
type ClockRange struct{ Open, Close float64 }

func (r *ClockRange) setScalar(n *yaml.Node) error {
	parts := strings.Split(n.Value, "-")
	bad := fmt.Errorf("%q is not a time range; write HH:MM-HH:MM, e.g. 08:00-16:00", n.Value)
	if len(parts) != 2 {
		return bad
	}
	var v [2]float64
	for i, p := range parts {
		t, err := time.Parse("15:04", strings.TrimSpace(p))
		if err != nil {
			if strings.TrimSpace(p) == "24:00" && i == 1 {
				v[i] = 24
				continue
			}
			return bad
		}
		v[i] = float64(t.Hour()) + float64(t.Minute())/60
	}
	if v[0] >= v[1] {
		return fmt.Errorf("%q: opening must be before closing, within one day", n.Value)
	}
	*r = ClockRange{v[0], v[1]}
	return nil
}
func (r ClockRange) MarshalYAML() (any, error) {
	f := func(h float64) string {
		m := int(math.Round(h * 60))
		return fmt.Sprintf("%02d:%02d", m/60, m%60)
	}
	return f(r.Open) + "-" + f(r.Close), nil
}

// Length returns the office day's length in hours.
func (r ClockRange) Length() float64 { return r.Close - r.Open }

// Weekday is a day of the week, written mon, tue, ... or in full.
type Weekday time.Weekday

func (w *Weekday) setScalar(n *yaml.Node) error { return w.parse(n.Value) }

func (w *Weekday) parse(text string) error {
	s := strings.ToLower(strings.TrimSpace(text))
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == name || s == name[:3] {
			*w = Weekday(d)
			return nil
		}
	}
	return fmt.Errorf("%q is not a weekday; write %s", strings.TrimSpace(text), weekdayNames)
}

// weekdayNames are the names Weekday reads, for messages.
const weekdayNames = "mon, tue, wed, thu, fri, sat or sun (or in full: monday ...)"

// Weekdays are the working days: a list [mon, wed, fri], a text
// "mon,wed,fri", a range mon-fri, or a mix ("mon-wed, fri" or
// [mon-wed, fri]). A range may wrap past Sunday: sat-tue is Saturday,
// Sunday, Monday and Tuesday. They are kept in week order from Monday, and
// a day given twice is an error.
type Weekdays []Weekday

// parseWeekdays reads one text of days and ranges separated by commas
// into set, which counts how often each day was given.
func parseWeekdays(s string, set *[7]int) error {
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return fmt.Errorf("%q has an empty day; write e.g. mon-fri or \"mon,wed,fri\"", s)
		}
		ends := strings.Split(part, "-")
		if len(ends) > 2 {
			return fmt.Errorf("%q is not a day or a range; write a range as mon-fri", part)
		}
		var d [2]Weekday
		for i, e := range ends {
			if err := d[i].parse(e); err != nil {
				return err
			}
		}
		if len(ends) == 1 {
			d[1] = d[0]
		}
		for w := d[0]; ; w = (w + 1) % 7 {
			set[w]++
			if w == d[1] {
				break
			}
		}
	}
	return nil
}

// weekdaysOf returns the days of set in week order from Monday, or an
// error naming a day given twice.
func weekdaysOf(set [7]int) (Weekdays, error) {
	days := Weekdays{}
	for i := 1; i <= 7; i++ {
		w := Weekday(i % 7)
		if set[w] > 1 {
			return nil, fmt.Errorf("%s is given twice; give each working day once", w)
		}
		if set[w] == 1 {
			days = append(days, w)
		}
	}
	return days, nil
}

func (w *Weekdays) setScalar(n *yaml.Node) error {
	var set [7]int
	if err := parseWeekdays(n.Value, &set); err != nil {
		return err
	}
	days, err := weekdaysOf(set)
	if err != nil {
		return err
	}
	*w = days
	return nil
}

func (w Weekday) MarshalYAML() (any, error) {
	return strings.ToLower(time.Weekday(w).String()[:3]), nil
}

func (c *Class) setScalar(n *yaml.Node) error {
	for i, name := range classNames {
		if n.Value == name {
			*c = Class(i)
			return nil
		}
	}
	return fmt.Errorf("%q is not a demand class; the classes are first_time, replacement and element_change", n.Value)
}
func (c Class) MarshalYAML() (any, error) { return c.String(), nil }

func parseWhole(s string) (int64, error) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsNaN(f) || math.IsInf(f, 0) && err == nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if f != math.Trunc(f) && !math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s is not a whole number", s)
	}
	// Beyond 2^53 a float is no longer exact; such values are far beyond
	// every key's limit, so they saturate and the key's range check
	// refuses them with the text as written.
	switch {
	case f > 1<<53:
		return math.MaxInt64, nil
	case f < -(1 << 53):
		return math.MinInt64, nil
	}
	return int64(f), nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func (c *ClassCounts) setScalar(n *yaml.Node) error {
	v, err := parseWhole(n.Value)
	if err != nil {
		return fmt.Errorf("%v; write a number of first-time records or a mapping by class", err)
	}
	if v < 0 {
		return fmt.Errorf("%d is negative; it counts records, 0 or more", v)
	}
	*c = ClassCounts{FirstTime: v}
	return nil
}

// String writes d as in a scenario: 182d.
func (d Duration) String() string { v, _ := d.MarshalYAML(); return fmt.Sprint(v) }

// String writes r as in a scenario: 08:00-16:00.
func (r ClockRange) String() string { v, _ := r.MarshalYAML(); return fmt.Sprint(v) }

// String writes w as in a scenario: mon.
func (w Weekday) String() string { v, _ := w.MarshalYAML(); return fmt.Sprint(v) }
