package report_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/report"
	"github.com/ektpsim/ektpsim/sim/runner"
)

// Palembang, August 2017 (the hand computation of sim/model's test): 400
// cards a working day until the 10,000 blanks are gone on 15 September, so
// 26,260 of the 36,260 still wait at the end; the backlog peaks on the
// first day; every lost hour after the stock-out is for want of blanks.
func TestFindingsByHand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.yaml")
	os.WriteFile(file, []byte(`
name: palembang-aug
start: 2017-08-14
end: 2017-09-30
regions:
  - name: Kota Palembang
    backlog: {print_ready: 36260}
    blanks: {stock: 10000}
    sites:
      - {name: city office, printers: 3, cards_per_printer_per_day: 200}
    outages:
      scheduled:
        - {kind: printer, from: 2017-08-14, to: 2017-10-01, site: city office, printers: 1}
`), 0o644)
	out := filepath.Join(dir, "r")
	if _, err := runner.Run(context.Background(), runner.Config{Scenario: file, Out: out}); err != nil {
		t.Fatal(err)
	}
	r, err := chart.ReadRun(out, chart.Keep)
	if err != nil {
		t.Fatal(err)
	}
	got := report.Findings(r)
	for _, want := range []string{
		// 400 are printed on the first day, so the peak (taken at the
		// end of a day) is that day's 35,860.
		"The backlog of Kota Palembang peaks at 35,860 on 14 August 2017 and does not clear: 26,260 records are still waiting on 30 September 2017.",
		// All of it print-ready: nothing waits at the centre.
		"On 30 September 2017, 26,260 of the records waiting are print-ready (held up by blanks and printers).",
		// 10 working days after Friday 15 September (18-22 and 25-29),
		// 2 working printers x 8 h each.
		// The printer scheduled down all run, with work waiting: 8 h on
		// each of the 35 weekdays from 14 August to 30 September (the
		// scenario has no holidays).
		"10,000 cards are printed. Working printers with work to do stand idle for 160 printer-hours, all of them because of the lack of blanks. Broken printers lose another 280 printer-hours, which the lost hours leave out.",
		// 15 to 30 September end with no blanks and work waiting.
		"Kota Palembang is out of blanks on 16 of 48 days.",
		"Those who get their card wait 16 days on average from recording to printing; 95% within 31 days.",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("findings lack %q; got:\n%q", want, got)
		}
	}
}
