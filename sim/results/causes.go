package results

import "github.com/ektpsim/ektpsim/sim/model"

// Cause is a cause of lost printer-hours with its names.
type Cause struct {
	Cause model.Cause
	Key   string // model's name: "centre", "blanks", ...
	Label string // in words, for legends and sentences
	// Why says it after "because of", in a sentence.
	Why string
	// Working is true for causes that stop a working printer, which
	// lost_hours counts; a broken printer's hours are not in it.
	Working bool
}

// Column is the cause's column of daily.csv: lost_<key>_hours.
func (c Cause) Column() string { return "lost_" + c.Key + "_hours" }

// Causes are the causes of lost printer-hours in the model's order (the
// order they are blamed in when several hold at once), which every table
// and chart uses.
func Causes() []Cause {
	cs := []Cause{
		{model.CauseCentre, "", "central server down", "the central server being down", true},
		{model.CauseNetwork, "", "network", "network outages", true},
		{model.CausePower, "", "power (after the UPS)", "power cuts the UPS could not bridge", true},
		{model.CauseApplication, "", "printing application", "the printing application failing", true},
		{model.CauseBlanks, "", "no blanks", "the lack of blanks", true},
		{model.CauseRibbon, "", "no ribbon", "the lack of ink ribbon", true},
		{model.CauseBreakdown, "", "printer broken", "printers being broken", false},
	}
	for i := range cs {
		cs[i].Key = cs[i].Cause.String()
	}
	return cs
}
