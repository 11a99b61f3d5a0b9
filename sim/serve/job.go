package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/stat"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// The states of a job.
const (
	Queued    = "queued"    // waiting for a CPU
	Running   = "running"   // at least one replication under way
	Done      = "done"      // every replication ran; Summary is set
	Failed    = "failed"    // the model reported an error
	Cancelled = "cancelled" // superseded, or the server stopped
)

// job is the run of one resolved scenario: its replications, run on the
// server's CPU slots, and what the page reads of them as they finish.
type job struct {
	id       string
	key      string // requestKey of the what-if
	sc       *scenario.Scenario
	sets     []string
	source   string // the scenario it was made from, as the page names it
	cancel   context.CancelFunc
	finished chan struct{} // closed once the job ends, in any state

	// marshalled is closed once resolved and identity are set (or
	// marshalErr): Server.identify writes them while the job runs.
	marshalled chan struct{}
	resolved   []byte // scenario.Marshal(sc): the what-if's YAML
	identity   string // output.ScenarioIdentity of resolved
	marshalErr error

	mu       sync.Mutex
	adopted  bool // the results are another job's, of the same resolved scenario
	state    string
	err      string
	watchers int // clients whose current request this is
	done     int // replications finished
	day0     int // days of replication 0 simulated
	version  int // grows whenever the series change
	results  []*model.Result
	backlogs [][]int64 // the nation's backlog a day, by replication (nil until it ran)
	first    *detail   // replication 0's days, once it ran
	live     *detail   // replication 0's days so far, while it runs
	summary  []byte    // summary.json, once done
}

// detail is what the page charts of one replication: the nation's rows,
// and every region's backlog, cumulative printing and blank stock a day
// (saturated at the int32 range, for charts only).
type detail struct {
	nation  []model.DayRow
	regions [][3][]int32
}

// observer keeps a replication's days. The nation's rows of replication
// 0 are appended under mu, so that the page can chart them as they come.
type observer struct {
	backlog []int64
	detail  *detail
	mu      *sync.Mutex
}

func (o *observer) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	o.backlog = append(o.backlog, nation.Backlog())
	if o.detail != nil {
		o.mu.Lock()
		o.detail.nation = append(o.detail.nation, *nation)
		o.mu.Unlock()
		if o.detail.regions == nil {
			o.detail.regions = make([][3][]int32, len(regions))
		}
		for i := range regions {
			r := &regions[i]
			d := &o.detail.regions[i]
			d[0] = append(d[0], clamp32(r.Backlog()))
			d[1] = append(d[1], clamp32(r.PrintedCum))
			d[2] = append(d[2], clamp32(r.Blanks))
		}
	}
	return nil
}

func clamp32(v int64) int32 { return int32(max(math.MinInt32, min(math.MaxInt32, v))) }

// slots lets one replication run at a time per CPU.
type slots chan struct{}

// run runs the job's replications on the slots and summarises them.
// started is called once the job stops waiting: its first replication
// has a slot, or it ended without one.
func (j *job) run(ctx context.Context, sl slots, workers int, started func(j *job)) {
	defer close(j.finished)
	n := int(j.sc.Replications)
	days := int(j.sc.End.Days()-j.sc.Start.Days()) + 1
	j.mu.Lock()
	if !j.adopted {
		j.results = make([]*model.Result, n)
		j.backlogs = make([][]int64, n)
	}
	j.mu.Unlock()
	var next int
	var nextMu sync.Mutex
	errs := make([]error, n)
	var wg sync.WaitGroup
	var once sync.Once
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				nextMu.Lock()
				i := next
				next++
				nextMu.Unlock()
				if i >= n {
					return
				}
				select {
				case sl <- struct{}{}:
				case <-ctx.Done():
					return
				}
				once.Do(func() {
					j.mu.Lock()
					if j.state == Queued {
						j.state = Running
					}
					j.mu.Unlock()
					started(j)
				})
				errs[i] = j.replicate(ctx, i, days)
				<-sl
				if errs[i] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	once.Do(func() { started(j) })
	if ctx.Err() != nil {
		j.mu.Lock()
		if !j.adopted {
			j.state = Cancelled
		}
		j.mu.Unlock()
		return
	}
	if err := errors.Join(errs...); err != nil {
		j.mu.Lock()
		j.state, j.err = Failed, err.Error()
		j.mu.Unlock()
		return
	}
	j.mu.Lock()
	adopted := j.adopted
	j.mu.Unlock()
	if adopted {
		return
	}
	summary, err := summarise(j.sc, j.results)
	j.mu.Lock()
	defer j.mu.Unlock()
	if err != nil {
		j.state, j.err = Failed, err.Error()
		return
	}
	j.summary = summary
	j.state = Done
	j.version++
}

// replicate runs replication i.
func (j *job) replicate(ctx context.Context, i, days int) error {
	o := &observer{backlog: make([]int64, 0, days)}
	opt := model.Options{Replication: i, Observer: o, Stop: func() bool { return ctx.Err() != nil }}
	if i == 0 {
		o.detail = &detail{nation: make([]model.DayRow, 0, days)}
		o.mu = &j.mu
		step := max(1, days/liveUpdates)
		j.mu.Lock()
		j.live = o.detail
		j.mu.Unlock()
		opt.DayDone = func(d int) {
			j.mu.Lock()
			j.day0 = d + 1
			if (d+1)%step == 0 {
				j.version++ // the page charts the days so far
			}
			j.mu.Unlock()
		}
	}
	res, err := model.New(j.sc, opt).Run()
	if err != nil {
		if errors.Is(err, model.ErrStopped) {
			return ctx.Err()
		}
		return fmt.Errorf("replication %d: %w", i, err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.adopted {
		return nil // the results are another job's
	}
	j.results[i] = res
	j.backlogs[i] = o.backlog
	if o.detail != nil {
		j.first, j.live = o.detail, nil
	}
	j.done++
	j.version++
	return nil
}

// adopt gives j the results of old, a finished job of the same resolved
// scenario, and stops j's own run. The results are read only once done,
// so they are shared.
func (j *job) adopt(old *job) {
	old.mu.Lock()
	if old.state != Done {
		old.mu.Unlock()
		return
	}
	results, backlogs, first, summary := old.results, old.backlogs, old.first, old.summary
	old.mu.Unlock()
	j.mu.Lock()
	if j.state == Done || j.state == Cancelled || j.state == Failed {
		j.mu.Unlock()
		return
	}
	j.results, j.backlogs, j.first, j.live, j.summary = results, backlogs, first, nil, summary
	j.done, j.day0 = len(results), int(j.sc.End.Days()-j.sc.Start.Days())+1
	j.state, j.adopted = Done, true
	j.version++
	j.mu.Unlock()
	j.cancel()
}

// yaml waits for the job's resolved scenario.
func (j *job) yaml(ctx context.Context) ([]byte, string, error) {
	select {
	case <-j.marshalled:
	case <-ctx.Done():
		return nil, "", ctx.Err()
	}
	return j.resolved, j.identity, j.marshalErr
}

// summarise is summary.json of the replications' results, by the writer
// `ektpsim run` uses.
func summarise(sc *scenario.Scenario, results []*model.Result) ([]byte, error) {
	sp, err := output.NewSpool("", len(results), len(sc.Regions)*output.FigureValues(), math.MaxInt64)
	if err != nil {
		return nil, err
	}
	defer sp.Close()
	for i, r := range results {
		if err := sp.Put(i, output.FiguresRecord(r.Regions)); err != nil {
			return nil, err
		}
	}
	return output.Summary(sc, results, sp)
}

// Series is what the page charts of a job: replication 0's days and the
// band of the nation's backlog over the replications finished so far.
type Series struct {
	Start string `json:"start"` // the first day; one value a day from it
	// Days is the run's length; the series are shorter while replication
	// 0 runs.
	Days int `json:"days"`
	// Stages of replication 0's backlog a day: unsent, awaiting_intake,
	// in_verification (with duplicates pending) and print_ready.
	Stages map[string][]int64 `json:"stages"`
	// Recorded and Printed are records made and cards printed each day.
	Recorded []int64 `json:"recorded"`
	Printed  []int64 `json:"printed"`
	// Lost is printer-hours lost a month, by cause; Months their first days.
	Months []string             `json:"months"`
	Lost   map[string][]float64 `json:"lost"`
	// Blanks is the regions' blank stock summed, National the national
	// store's (nil when unlimited).
	Blanks   []int64 `json:"blanks"`
	National []int64 `json:"national"`
	// Band: the nation's backlog a day over the finished replications,
	// mean and 5% and 95% quantiles, of Reps replications.
	Reps int       `json:"reps"`
	Mean []float64 `json:"mean"`
	P05  []float64 `json:"p05"`
	P95  []float64 `json:"p95"`
}

// liveUpdates is how many times the page gets replication 0's days while
// it runs.
const liveUpdates = 12

// series builds the job's Series: replication 0's days so far (all of
// them once it ran), nil before its first day. Call with j.mu held.
func (j *job) series() *Series {
	det := j.first
	if det == nil {
		det = j.live
	}
	if det == nil || len(det.nation) == 0 {
		return nil
	}
	rows := det.nation
	s := &Series{Start: j.sc.Start.String(), Days: int(j.sc.End.Days()-j.sc.Start.Days()) + 1, Stages: map[string][]int64{}, Lost: map[string][]float64{}}
	stage := func(name string, f func(r *model.DayRow) int64) {
		v := make([]int64, len(rows))
		for i := range rows {
			v[i] = f(&rows[i])
		}
		s.Stages[name] = v
	}
	stage("unsent", func(r *model.DayRow) int64 { return r.Unsent })
	stage("awaiting_intake", func(r *model.DayRow) int64 { return r.AwaitingIntake })
	stage("in_verification", func(r *model.DayRow) int64 { return r.InVerification + r.DuplicatesPending })
	stage("print_ready", func(r *model.DayRow) int64 { return r.PrintReady })
	var prevRec int64
	national := false
	for i := range rows {
		r := &rows[i]
		s.Recorded = append(s.Recorded, r.Recorded-prevRec)
		prevRec = r.Recorded
		s.Printed = append(s.Printed, r.Printed)
		s.Blanks = append(s.Blanks, max(r.Blanks, 0))
		s.National = append(s.National, r.NationalBlanks)
		if r.NationalBlanks != model.Unlimited {
			national = true
		}
		date := j.sc.Start.AddDays(int64(i)).String()
		month := date[:7] + "-01"
		if len(s.Months) == 0 || s.Months[len(s.Months)-1] != month {
			s.Months = append(s.Months, month)
			for c := model.Cause(0); c < model.NumCauses; c++ {
				s.Lost[c.String()] = append(s.Lost[c.String()], 0)
			}
		}
		for c := model.Cause(0); c < model.NumCauses; c++ {
			l := s.Lost[c.String()]
			l[len(l)-1] += r.Lost[c]
		}
	}
	if !national {
		s.National = nil
	}
	var runs [][]int64
	for _, b := range j.backlogs {
		if b != nil {
			runs = append(runs, b)
		}
	}
	s.Reps = len(runs)
	if len(runs) == 0 {
		return s
	}
	xs := make([]float64, len(runs))
	for d := range rows {
		for k, b := range runs {
			xs[k] = float64(b[d])
		}
		slices.Sort(xs)
		s.Mean = append(s.Mean, stat.Mean(xs, nil))
		s.P05 = append(s.P05, stat.Quantile(0.05, stat.Empirical, xs, nil))
		s.P95 = append(s.P95, stat.Quantile(0.95, stat.Empirical, xs, nil))
	}
	return s
}

// Status is what the page polls of a job.
type Status struct {
	ID       string `json:"id"`
	State    string `json:"state"`
	Error    string `json:"error,omitempty"`
	Position int    `json:"position,omitempty"` // with Queued: jobs waiting before it, plus one
	Done     int    `json:"done"`               // replications finished
	Total    int    `json:"total"`
	Day      int    `json:"day"` // days of replication 0 simulated
	Days     int    `json:"days"`
	Version  int    `json:"version"`
	// Series and Summary (summary.json) are sent when the page's version
	// is older than Version.
	Series  *Series         `json:"series,omitempty"`
	Summary json.RawMessage `json:"summary,omitempty"`
}

// status is the job's Status for a page that has seen version have.
func (j *job) status(have int) Status {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := Status{ID: j.id, State: j.state, Error: j.err, Done: j.done, Total: int(j.sc.Replications),
		Day: j.day0, Days: int(j.sc.End.Days()-j.sc.Start.Days()) + 1, Version: j.version}
	if j.version > have {
		st.Series = j.series()
		st.Summary = j.summary
	}
	return st
}

// nationFigures returns each replication's nation figures once done.
func (j *job) nationFigures() ([]model.Figures, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.state != Done {
		return nil, false
	}
	fs := make([]model.Figures, len(j.results))
	for i, r := range j.results {
		fs[i] = r.Nation
	}
	return fs, true
}

// regionBacklogs returns the mean backlog at the end of every region over
// the replications, once done.
func (j *job) regionBacklogs() []float64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.state != Done {
		return nil
	}
	out := make([]float64, len(j.sc.Regions))
	for _, r := range j.results {
		for i, f := range r.Regions {
			out[i] += float64(f.BacklogEnd) / float64(len(j.results))
		}
	}
	return out
}
