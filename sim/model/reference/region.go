package reference

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/ektpsim/ektpsim/sim/des"
	"github.com/ektpsim/ektpsim/sim/dist"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

const numClasses = scenario.NumClasses

// eps absorbs floating-point error when whole cards or records are counted
// from a rate times a time: x cards are floor(x+eps). A millionth of a card
// is far above the error of a rate times a time (the clock in hours has
// about 1e-12 h of resolution after years) and far below anything counted.
const eps = 1e-6

// region is one kabupaten/kota: its records at every stage, its stocks, its
// sites and its outages. Its continuous flows (recording over office hours,
// printing, UPS charge) are brought up to date lazily, by advance and
// record.
type region struct {
	m    *Model
	idx  int
	cfg  *scenario.Region
	name string
	last float64 // time the flows were last advanced to

	unsent, awaiting        [numClasses]dayQueue
	ready                   readyQueues
	dupPending, inVerif     int64
	initial                 int64 // backlog at the start
	recordedCum, printedCum int64
	printedDay              int64

	rates      [numClasses]dist.Dist
	nextChange int
	recSrc     *rand.PCG
	recording  bool
	recDay     int
	recStart   float64
	recN       [numClasses]int64
	recDone    [numClasses]int64

	verifSrc, dupSrc *rand.PCG
	dupAccepted      int64 // records accepted so far, for rounding duplicates
	batch            []piece
	verified, dups   []piece // scratch for accept
	held             []heldBatch
	freePieces       [][]piece
	releaseAct       des.Action

	blanks, ribbon stock

	netDown, powerDown, appDown int
	sites                       []*site
	inWindow                    bool
	windowEnd                   float64
	intakeDay                   int64
	wake                        des.Timer

	unprinted                []int64 // by base recording day: certificate holders
	cert                     certSums
	renewalsDay, renewalsCum int64
	waitHist                 []int64

	maxShort    int64 // most whole cards reached in one advance without a record, blank or ribbon
	printHours  float64
	lost        [NumCauses]float64
	blanksShort bool // printing lost time for want of blanks today
}

// piece is part of an intake batch.
type piece struct {
	day int32
	cls int8
	n   int64
}

func newRegion(m *Model, idx int, cfg *scenario.Region) *region {
	r := &region{m: m, idx: idx, cfg: cfg, name: cfg.Name}
	key := "region/" + cfg.Name
	r.recSrc = m.streams.Source(key + "/recording")
	r.verifSrc = m.streams.Source(key + "/verification")
	r.dupSrc = m.streams.Source(key + "/duplicates")
	r.rates = [numClasses]dist.Dist{cfg.Recording.FirstTime.Dist, cfg.Recording.Replacement.Dist, cfg.Recording.ElementChange.Dist}
	r.unprinted = make([]int64, m.days)
	r.waitHist = make([]int64, m.days+1)
	r.ready.days = m.days
	for c := scenario.Class(0); int(c) < numClasses; c++ {
		r.unsent[c].add(-1, cfg.Backlog.Unsent.Of(c))
		r.awaiting[c].add(-1, cfg.Backlog.AwaitingIntake.Of(c))
		r.ready.add(int(c), -1, cfg.Backlog.PrintReady.Of(c))
	}
	r.initial = cfg.Backlog.Unsent.Total() + cfg.Backlog.AwaitingIntake.Total() + cfg.Backlog.PrintReady.Total()
	r.unprinted[0] = r.initial
	if m.renewQ > 0 {
		r.cert = newCertSums(m.renewQ, m.renewP)
	}
	r.blanks = newStock(r, "blanks", cfg.Blanks.Stock, 1, cfg.Blanks.Reorder, key+"/blanks/reorder")
	r.blanks.fromStore = true
	r.ribbon = newStock(r, "ribbon", cfg.Ribbons.Stock, cfg.Ribbons.CardsPerRibbon, cfg.Ribbons.Reorder, key+"/ribbons/reorder")
	for i := range cfg.Sites {
		r.sites = append(r.sites, newSite(r, i, &cfg.Sites[i]))
	}
	r.releaseAct = actionFunc(func(now float64) {
		r.advance(now)
		r.releaseDue(now, true)
		r.plan(now)
	})
	return r
}

// start schedules the region's own events: deliveries, outages, breakdowns.
func (r *region) start() {
	m := r.m
	for _, s := range []*stock{&r.blanks, &r.ribbon} {
		ds := r.cfg.Blanks.Deliveries
		if s == &r.ribbon {
			ds = r.cfg.Ribbons.Deliveries
		}
		for _, d := range ds {
			s, n := s, cards(d.Amount, s.perUnit)
			if at := m.hours(d.Date); at < float64(m.days)*24 {
				m.env.Schedule(at, prioChange, actionFunc(func(now float64) {
					r.advance(now)
					s.arrive(n, false)
					r.plan(now)
				}))
			}
		}
	}
	outageProcesses(m, "region/"+r.name, &r.cfg.Outages, r.outage)
	for _, o := range r.cfg.Outages.Scheduled {
		var target *site
		for _, s := range r.sites {
			if s.cfg.Name == o.Site || (o.Site == "" && o.Kind == "printer" && len(r.sites) == 1) {
				target = s
			}
		}
		from, to := o.From.Hours(m.sc.Start), o.To.Hours(m.sc.Start)
		switch {
		case o.Kind == "printer":
			n := int(o.Printers)
			if n == 0 {
				n = int(r.cfg.PrintersAt(target.idx))
			}
			m.window(from, to, func(now float64, down bool) {
				r.advance(now)
				target.schedDown += n * delta(down)
				r.plan(now)
			})
		case target == nil:
			kind := o.Kind
			m.window(from, to, func(now float64, down bool) { r.outage(kind, now, down) })
		default:
			kind := o.Kind
			m.window(from, to, func(now float64, down bool) { target.outage(kind, now, down) })
		}
	}
	for _, s := range r.sites {
		s.start()
	}
}

// outage starts or ends a region-wide outage of a kind.
func (r *region) outage(kind string, now float64, down bool) {
	r.advance(now)
	switch kind {
	case "network":
		r.record(now)
		r.netDown += delta(down)
		r.upload()
	case "power":
		for _, s := range r.sites {
			s.settlePower(now)
		}
		regionCut := r.powerDown > 0
		r.powerDown += delta(down)
		for _, s := range r.sites {
			s.powerChanged(now, regionCut || s.powerDown > 0)
		}
	case "application":
		r.appDown += delta(down)
	}
	r.plan(now)
}

func (r *region) uploadUp() bool { return r.netDown == 0 && r.m.centre.down == 0 }

// upload sends every unsent record to the centre if the way is open.
func (r *region) upload() {
	if !r.uploadUp() {
		return
	}
	for c := range r.unsent {
		r.unsent[c].drainInto(&r.awaiting[c])
	}
}

// startRecording draws the day's recordings by class; they arrive evenly
// over office hours.
func (r *region) startRecording(day int, now float64) {
	changes := r.cfg.RecordingChanges
	for r.nextChange < len(changes) && r.m.hours(changes[r.nextChange].Date) <= now {
		ch := changes[r.nextChange]
		for c, v := range []*scenario.CountDist{ch.FirstTime, ch.Replacement, ch.ElementChange} {
			if v != nil {
				r.rates[c] = v.Dist
			}
		}
		r.nextChange++
	}
	r.recording, r.recDay, r.recStart = true, day, now
	for c, d := range r.rates {
		r.recN[c], r.recDone[c] = 0, 0
		if d != nil {
			r.recN[c] = dist.DrawCount(d, r.recSrc) // 0 .. dist.MaxCount
		}
	}
}

// advance brings printing up to now. Nothing else changes between events,
// so the state in between is exact. Recording is brought up to date by
// record, only where it is read: records go unsent or awaiting by the state
// of the upload path, so record runs before that changes, at close and at
// the end of the day.
func (r *region) advance(now float64) {
	dt := now - r.last
	if dt <= 0 {
		return
	}
	if r.inWindow {
		r.print(dt)
	}
	if len(r.held) > 0 && r.held[0].at < now {
		r.releaseDue(now, false)
	}
	r.last = now
}

// record brings the day's recording up to now: the records of office
// hours before now, spread evenly, go to the unsent or the awaiting queue
// by whether the upload path is open, which must not have changed since
// the last call.
func (r *region) record(now float64) {
	if !r.recording {
		return
	}
	frac := (now - r.recStart) / r.m.officeLen
	up := r.uploadUp()
	for c := range r.recN {
		target := r.recN[c]
		if frac < 1 {
			target = min(target, int64(math.Floor(float64(r.recN[c])*frac+eps)))
		}
		k := target - r.recDone[c]
		if k <= 0 {
			continue
		}
		r.recDone[c] = target
		r.recordedCum += k
		r.unprinted[r.recDay] += k
		if up {
			r.awaiting[c].add(int32(r.recDay), k)
		} else {
			r.unsent[c].add(int32(r.recDay), k)
		}
	}
}

// print runs every printing site for dt hours at its planned rate. Whole
// cards are counted and the fraction of a card carried over. Sites take
// their cards in the order listed, so when the cards reached exceed what
// the class queue or the stocks hold (two sites reaching the last record
// at once, an exact tie), the site listed first takes it; a site stopped
// short keeps its fraction of a card, as every site does, and the whole
// cards it had no record, blank or ribbon for are not printed.
func (r *region) print(dt float64) {
	var short int64
	for _, s := range r.sites {
		if !s.printing {
			if s.hasWork {
				if s.cause >= 0 {
					r.lost[s.cause] += float64(s.working) * dt
				}
				r.lost[CauseBreakdown] += float64(s.printers-s.working) * dt
			}
			continue
		}
		x := s.carry + s.rate*dt
		// x is at most a window's hours at the rate validation bounds
		// (1e9 printers x 1e6 cards over an office day): far below
		// maxCards, which the conversion is held to all the same.
		whole := int64(math.Floor(min(x+eps, maxCards)))
		s.carry = max(0, x-float64(whole))
		n := min(whole, r.ready.total[s.cls], r.blanks.available(), r.ribbon.available())
		short += whole - n
		s.printed += n
		r.printHours += float64(s.working) * dt
		r.lost[CauseBreakdown] += float64(s.printers-s.working) * dt
		if n == 0 {
			continue
		}
		day := int32(r.m.env.Now() / 24)
		r.ready.take(s.cls, n, func(d int32, k int64) {
			base := max(d, 0)
			r.waitHist[day-base] += k
			r.printedFrom(base, k)
		})
		r.printedCum += n
		r.printedDay += n
		r.blanks.use(n)
		r.ribbon.use(n)
	}
	// Wake-ups come when a queue or a stock runs out, so sites can reach
	// more cards than there are records, blanks or ribbon only by the
	// card each reaches at that instant; more means printing went on past
	// the end of a queue or stock (the invariant checker reports it).
	r.maxShort = max(r.maxShort, short)
}

// plan decides, after any change, what each site does until the next
// event, places reorders, and schedules the region's wake-up for the moment
// a class queue, a stock or a reorder threshold will be reached.
func (r *region) plan(now float64) {
	r.blanks.checkReorder(now)
	r.ribbon.checkReorder(now)
	centreUp := r.m.centre.down == 0
	for _, s := range r.sites {
		s.working = max(0, s.printers-s.broken-s.schedDown)
		s.cls = -1
		for _, c := range s.cfg.Serves {
			if r.ready.total[c] > 0 {
				s.cls = int(c)
				break
			}
		}
		s.hasWork = s.cls >= 0 && r.inWindow
		s.printing = false
		s.cause = -1
		if !s.hasWork || s.working == 0 {
			continue
		}
		switch {
		case !centreUp:
			s.cause = CauseCentre
		case r.netDown > 0 || s.netDown > 0:
			s.cause = CauseNetwork
		case !s.powered(now):
			s.cause = CausePower
		case r.appDown > 0 || s.appDown > 0:
			s.cause = CauseApplication
		case r.blanks.available() == 0:
			s.cause = CauseBlanks
			r.blanksShort = true
		case r.ribbon.available() == 0:
			s.cause = CauseRibbon
		default:
			s.printing = true
			s.rate = float64(s.working) * s.perPrinter
		}
	}
	r.scheduleWake(now)
}

func (r *region) scheduleWake(now float64) {
	env := &r.m.env
	if !r.inWindow {
		env.Cancel(r.wake)
		return
	}
	best := math.Inf(1)
	consider := func(amount int64, cls int) {
		var rate, carry float64
		next := math.Inf(1)
		for _, s := range r.sites {
			if s.printing && (cls < 0 || s.cls == cls) {
				rate += s.rate
				carry += s.carry
				// The next whole card of any site: the exact time, not
				// eps early, so that sites reaching a card together are
				// all counted then (print counts x+eps), ties going to
				// the site listed first rather than to the faster one.
				next = min(next, (1-s.carry)/s.rate)
			}
		}
		if rate > 0 {
			best = min(best, max((float64(amount)-carry)/rate, next))
		}
	}
	for c, n := range r.ready.total {
		consider(n, c)
	}
	if a, ok := r.blanks.untilEvent(); ok {
		consider(a, -1)
	}
	if a, ok := r.ribbon.untilEvent(); ok {
		consider(a, -1)
	}
	at := now + best
	if at <= now {
		// The next card is closer than the clock can resolve: take the
		// smallest step it can, which advances the carried fraction.
		at = math.Nextafter(now, math.Inf(1))
	}
	if at >= r.windowEnd {
		env.Cancel(r.wake)
		return
	}
	// Moving the pending wake-up is the same as cancelling it and
	// scheduling anew, without the trip through the free list.
	if t, ok := env.Reschedule(r.wake, at, prioWake); ok {
		r.wake = t
	} else {
		r.wake = env.Schedule(at, prioWake, r)
	}
}

// Fire is the region's wake-up: a queue or stock has run down.
func (r *region) Fire(now float64) {
	r.advance(now)
	r.plan(now)
}

func (r *region) awaitingTotal() int64 {
	return r.awaiting[0].total + r.awaiting[1].total + r.awaiting[2].total
}

func (r *region) oldestAwaiting() (int32, bool) {
	best, found := int32(math.MaxInt32), false
	for c := range r.awaiting {
		if d, ok := r.awaiting[c].frontDay(); ok && d < best {
			best, found = d, true
		}
	}
	return best, found
}

func (r *region) awaitingOn(day int32) int64 {
	return r.awaiting[0].frontCount(day) + r.awaiting[1].frontCount(day) + r.awaiting[2].frontCount(day)
}

// takeDay takes n records of day (n at most what waits of that day), the
// classes in proportion to their counts.
func (r *region) takeDay(day int32, n int64) {
	var w, share [numClasses]int64
	for c := range r.awaiting {
		w[c] = r.awaiting[c].frontCount(day)
	}
	largestRemainder(n, w[:], share[:])
	for c := range r.awaiting {
		if share[c] > 0 {
			r.awaiting[c].take(share[c], nil)
			r.batch = append(r.batch, piece{day, int8(c), share[c]})
		}
	}
}

// takeOldest takes up to n records, oldest recording day first.
func (r *region) takeOldest(n int64) {
	for n > 0 {
		d, ok := r.oldestAwaiting()
		if !ok {
			return
		}
		k := min(n, r.awaitingOn(d))
		r.takeDay(d, k)
		n -= k
	}
}

// accept passes the day's intake batch to verification and duplicate
// checking, and returns how many records were accepted. Duplicates are the
// configured share of the accepted records, rounded on the running total
// so that none is lost to rounding.
func (r *region) accept(now float64) int64 {
	r.advance(now)
	cen := &r.m.sc.Central
	share := cen.DuplicateShare
	var total int64
	verified, dups := r.verified[:0], r.dups[:0]
	for _, p := range r.batch {
		total += p.n
		before := int64(math.Floor(share * float64(r.dupAccepted)))
		r.dupAccepted += p.n
		k := int64(math.Floor(share*float64(r.dupAccepted))) - before
		k = min(k, p.n)
		if p.n-k > 0 {
			verified = append(verified, piece{p.day, p.cls, p.n - k})
		}
		if k > 0 {
			dups = append(dups, piece{p.day, p.cls, k})
		}
	}
	r.release(now, verified, cen.VerificationDelay, r.verifSrc, false)
	r.release(now, dups, cen.DuplicateResolution, r.dupSrc, true)
	r.verified, r.dups = verified[:0], dups[:0]
	r.plan(now)
	r.intakeDay += total
	return total
}

// release makes pieces print-ready after one draw of delay; meanwhile they
// are counted in *held (inVerif or dupPending). Most releases fall outside
// office hours, when a region does nothing with print-ready records: those
// wait in r.held and are applied by advance, exactly as if they had fired,
// and only releases inside a printing window become events.
func (r *region) release(now float64, ps []piece, delay scenario.DurationDist, src *rand.PCG, dup bool) {
	if len(ps) == 0 {
		return
	}
	if delay.IsZero() {
		for _, p := range ps {
			r.ready.add(int(p.cls), p.day, p.n)
		}
		return
	}
	var n int64
	for _, p := range ps {
		n += p.n
	}
	if dup {
		r.dupPending += n
	} else {
		r.inVerif += n
	}
	at := now + dist.DrawHours(delay.Dist, src)
	h := heldBatch{at: at, dup: dup, n: n, ps: append(r.pieceBuf(), ps...)}
	// Keep r.held in time order, equal times in the order released.
	i := len(r.held)
	for i > 0 && r.held[i-1].at > at {
		i--
	}
	r.held = slices.Insert(r.held, i, h)
	if r.m.inWindowAt(at) {
		r.m.env.Schedule(at, prioRelease, r.releaseAct)
	}
}

// heldBatch is a batch under verification or duplicate resolution.
type heldBatch struct {
	at  float64
	dup bool
	n   int64
	ps  []piece
}

// releaseDue makes print-ready every held batch due before now, or at now
// too if inclusive.
func (r *region) releaseDue(now float64, inclusive bool) {
	k := 0
	for k < len(r.held) && (r.held[k].at < now || inclusive && r.held[k].at == now) {
		h := &r.held[k]
		if h.dup {
			r.dupPending -= h.n
		} else {
			r.inVerif -= h.n
		}
		for _, p := range h.ps {
			r.ready.add(int(p.cls), p.day, p.n)
		}
		r.freePieces = append(r.freePieces, h.ps[:0])
		k++
	}
	if k > 0 {
		r.held = slices.Delete(r.held, 0, k)
	}
}

// pieceBuf returns an empty piece slice, reused when one is free.
func (r *region) pieceBuf() []piece {
	if n := len(r.freePieces); n > 0 {
		b := r.freePieces[n-1]
		r.freePieces = r.freePieces[:n-1]
		return b
	}
	return nil
}

// fillRow writes the end-of-day state and reports whether the day counts
// as a blank stock-out.
func (r *region) fillRow(row *DayRow) bool {
	var unsent, awaiting, ready int64
	for c := range r.ready.total {
		unsent += r.unsent[c].total
		awaiting += r.awaiting[c].total
		ready += r.ready.total[c]
	}
	*row = DayRow{
		Recorded: r.recordedCum, Unsent: unsent, AwaitingIntake: awaiting,
		DuplicatesPending: r.dupPending, InVerification: r.inVerif, PrintReady: ready,
		Printed: r.printedDay, PrintedCum: r.printedCum,
		Blanks: r.blanks.report(), RibbonCards: r.ribbon.report(),
		Renewals: r.renewalsDay, RenewalsCum: r.renewalsCum,
		PrintHours: r.printHours, Lost: r.lost, Intake: r.intakeDay,
		CentralStored: Unlimited, NationalBlanks: Unlimited,
	}
	return r.blanksShort || r.lost[CauseBlanks] > 0 || (row.Blanks == 0 && ready > 0)
}

func (r *region) resetDay() {
	r.printedDay = 0
	r.printHours = 0
	r.lost = [NumCauses]float64{}
	r.blanksShort = false
	r.renewalsDay = 0
	r.intakeDay = 0
}
