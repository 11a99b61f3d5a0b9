package scenario

// Scenario is a fully resolved scenario: base files merged, defaults applied
// to every region, overrides set. Marshalled back to YAML it re-runs exactly.
type Scenario struct {
	Name                string    `yaml:"name"`
	Description         string    `yaml:"description,omitempty"`
	Start               Date      `yaml:"start"`
	End                 Date      `yaml:"end"`
	Horizon             *Duration `yaml:"horizon,omitempty" max:"-"`
	Seed                uint64    `yaml:"seed"`
	Replications        int64     `yaml:"replications" what:"replications" min:"1" max:"1e5"`
	CertificateValidity Duration  `yaml:"certificate_validity"`
	// ClearLevel is the national backlog (records) at or below which the
	// backlog counts as cleared for clear_date; 0 by default.
	ClearLevel int64 `yaml:"clear_level" what:"records" max:"1e12"`
	// Origin is the day the plain backlog (backlog.unsent,
	// awaiting_intake, print_ready) was certified: its certificates and
	// waits count from it, and it queues before every record of
	// backlog.cohorts, which are recorded on or after it. Nil is the start.
	// A snapshot sets it to the first run's start.
	Origin   *Date    `yaml:"origin,omitempty"`
	Calendar Calendar `yaml:"calendar"`
	Central  Central  `yaml:"central"`
	// Focus names the regions the scenario is about (a city scenario's
	// city): summaries, charts and briefings lead with them.
	Focus []string `yaml:"focus,omitempty,flow"`
	// Defaults is merged into every region before decoding; it is kept only
	// so that its keys are checked, and is not written back out.
	Defaults *Region `yaml:"defaults,omitempty"`
	// Base is the file this one was built on; resolved away on load.
	Base string `yaml:"base,omitempty"`
	// Regions come last: Marshal writes them one by one after the rest.
	Regions []Region `yaml:"regions"`
}

// Calendar says when offices work.
type Calendar struct {
	Workdays    Weekdays   `yaml:"workdays,flow"`
	Holidays    []Date     `yaml:"holidays,flow"`
	OfficeHours ClockRange `yaml:"office_hours"`
	// OvertimeHours is extra printing time after closing on working days.
	OvertimeHours Hours `yaml:"overtime_hours"`
}

// Central is the national biodata centre and blank store.
type Central struct {
	IntakePerDay        Amount          `yaml:"intake_per_day" what:"records a day" max:"1e12"`
	IntakePolicy        string          `yaml:"intake_policy"`
	StorageCapacity     Amount          `yaml:"storage_capacity" what:"records" max:"1e12"`
	Stored              int64           `yaml:"stored" what:"records" max:"1e12"`
	Changes             []CentralChange `yaml:"changes,omitempty"`
	VerificationDelay   DurationDist    `yaml:"verification_delay"`
	DuplicateShare      float64         `yaml:"duplicate_share" what:"a share of records between 0 and 1" max:"1"`
	DuplicateResolution DurationDist    `yaml:"duplicate_resolution"`
	Outages             Outages         `yaml:"outages"`
	Blanks              NationalBlanks  `yaml:"blanks"`
}

// CentralChange is a dated change to the centre, applied at 00:00.
type CentralChange struct {
	Date            Date    `yaml:"date"`
	IntakePerDay    *Amount `yaml:"intake_per_day,omitempty" what:"records a day" max:"1e12"`
	StorageCapacity *Amount `yaml:"storage_capacity,omitempty" what:"records" max:"1e12"`
}

// NationalBlanks is the national store of card blanks.
type NationalBlanks struct {
	Stock      Amount     `yaml:"stock" what:"blanks" max:"1e12"`
	Deliveries []Delivery `yaml:"deliveries,omitempty"`
	// Allocation, if given, is how the store is shared out to regions;
	// nil is the policy requests (regional reorders only) and writes no
	// allocation outputs.
	Allocation *Allocation `yaml:"allocation,omitempty"`
	// Requests are regional reorders waiting at the store at the start,
	// first come first served, in this order (a snapshot writes them).
	Requests []BlankRequest `yaml:"requests,omitempty"`
}

// The allocation policies of central.blanks.allocation.policy.
const (
	AllocRequests   = "requests"    // regional reorders only, first come, first served
	AllocPopulation = "population"  // in proportion to each region's population
	AllocEqual      = "equal"       // the same to every region
	AllocPrintReady = "print_ready" // in proportion to print-ready records
	AllocWaiting    = "waiting"     // in proportion to everyone recorded and not printed
	AllocNeed       = "need"        // what each region can print before the next allocation
	AllocBlend      = "blend"       // a weighted blend of population, equal, print_ready and waiting
)

// AllocationPolicies are the policies, in the order messages list them.
var AllocationPolicies = []string{AllocRequests, AllocPopulation, AllocEqual, AllocPrintReady, AllocWaiting, AllocNeed, AllocBlend}

// Allocation shares the national store's blanks out to regions as
// allotments (jatah): at each national delivery and, with Every, on that
// schedule from the start (the first at the start), each at 00:00. Everything above
// Reserve goes out in whole Boxes split by largest remainder, ties to the
// region listed first (need sends at most each region's need). Each
// region's share arrives its fetch_time later. Regional reorders are
// served, first come, first served, from what the store keeps.
type Allocation struct {
	Policy string `yaml:"policy"`
	// Every is the time between scheduled allocations, whole days; nil
	// allocates only at the start and at national deliveries.
	Every *Duration `yaml:"every,omitempty"`
	// Box is the blanks in one box, the unit shares are counted in
	// (default 1).
	Box int64 `yaml:"box" what:"blanks in a box" min:"1" max:"1e12"`
	// Reserve is the blanks the store keeps back from every allocation.
	Reserve int64 `yaml:"reserve,omitempty" what:"blanks" max:"1e12"`
	// Blend weighs the proportional policies for the policy blend.
	Blend *Blend `yaml:"blend,omitempty"`
	// Next is the first scheduled allocation with Every (nil: the start);
	// the schedule runs every Every from it. A snapshot sets it.
	Next *Date `yaml:"next,omitempty"`
}

// Blend is a mix of the proportional policies: a region's weight is the
// sum over them of the blend's weight times the region's share of that
// policy's weights (its share of the population, 1/regions, its share of
// the print-ready records, of those waiting).
type Blend struct {
	Population float64 `yaml:"population" what:"a blend weight" max:"1e6"`
	Equal      float64 `yaml:"equal" what:"a blend weight" max:"1e6"`
	PrintReady float64 `yaml:"print_ready" what:"a blend weight" max:"1e6"`
	Waiting    float64 `yaml:"waiting" what:"a blend weight" max:"1e6"`
}

// Delivery is an amount arriving at 00:00 of a date.
type Delivery struct {
	Date   Date  `yaml:"date"`
	Amount int64 `yaml:"amount" what:"units" max:"1e12"`
}

// Outages are the random and scheduled outages of a place.
type Outages struct {
	Network     *Renewal    `yaml:"network,omitempty"`
	Power       *Renewal    `yaml:"power,omitempty"`
	Application *Renewal    `yaml:"application,omitempty"`
	Scheduled   []Scheduled `yaml:"scheduled,omitempty"`
	// InProgress are outages under way at the start, each lasting For
	// more (a snapshot writes the random ones in progress).
	InProgress []OutageNow `yaml:"in_progress,omitempty"`
}

// OutageNow is an outage of Kind (network, power, application) under way
// at the start, for For more.
type OutageNow struct {
	Kind string   `yaml:"kind"`
	For  Duration `yaml:"for"`
}

// BrokenNow is Printers of a site under repair at the start, for For
// more.
type BrokenNow struct {
	Printers int64    `yaml:"printers" what:"printers" max:"1e5"`
	For      Duration `yaml:"for"`
}

// Renewal is an alternating up/down process: Every is the time from the end
// of one outage to the start of the next, Lasting the length of an outage.
type Renewal struct {
	Every   DurationDist `yaml:"every"`
	Lasting DurationDist `yaml:"lasting"`
}

// Scheduled is an outage fixed in time, [From, To).
type Scheduled struct {
	Kind     string  `yaml:"kind"`
	From     Instant `yaml:"from"`
	To       Instant `yaml:"to"`
	Site     string  `yaml:"site,omitempty"`
	Printers int64   `yaml:"printers,omitempty" what:"printers" max:"1e5"`
}

// Region is a kabupaten/kota office with its sites.
type Region struct {
	Name       string `yaml:"name"`
	Code       string `yaml:"code,omitempty"`
	Population int64  `yaml:"population,omitempty" what:"people" max:"1e10"`
	// Districts is the number of kecamatan, for sites with
	// printers_per_district.
	Districts        int64             `yaml:"districts,omitempty" what:"districts" max:"1e4"`
	Recording        ClassRates        `yaml:"recording"`
	RecordingChanges []RecordingChange `yaml:"recording_changes,omitempty"`
	Backlog          Backlog           `yaml:"backlog"`
	IntakeQuota      int64             `yaml:"intake_quota,omitempty" what:"records a day" max:"1e12"`
	Blanks           Blanks            `yaml:"blanks"`
	Ribbons          Ribbons           `yaml:"ribbons"`
	Sites            []Site            `yaml:"sites"`
	UPSHours         Hours             `yaml:"ups_hours"`
	Outages          Outages           `yaml:"outages"`
	// FetchTime is the time from an allocation to the blanks' arrival at
	// the region (staff travelling to collect them); absent is 0.
	FetchTime DurationDist `yaml:"fetch_time,omitempty"`
}

// ClassRates are records made per working day, by class.
type ClassRates struct {
	FirstTime     CountDist `yaml:"first_time" what:"records a day" max:"1e8"`
	Replacement   CountDist `yaml:"replacement" what:"records a day" max:"1e8"`
	ElementChange CountDist `yaml:"element_change" what:"records a day" max:"1e8"`
}

// RecordingChange changes some recording rates from a date on.
type RecordingChange struct {
	Date          Date       `yaml:"date"`
	FirstTime     *CountDist `yaml:"first_time,omitempty" what:"records a day" max:"1e8"`
	Replacement   *CountDist `yaml:"replacement,omitempty" what:"records a day" max:"1e8"`
	ElementChange *CountDist `yaml:"element_change,omitempty" what:"records a day" max:"1e8"`
}

// Backlog is what a region has waiting at the start.
type Backlog struct {
	Unsent         ClassCounts `yaml:"unsent" what:"records" max:"1e12"`
	AwaitingIntake ClassCounts `yaml:"awaiting_intake" what:"records" max:"1e12"`
	PrintReady     ClassCounts `yaml:"print_ready" what:"records" max:"1e12"`
	// Cohorts are backlog records by recording day (before the start, on
	// or after origin) and stage, so that certificates and waits count
	// from the day they were recorded; a snapshot writes them.
	Cohorts []Cohort `yaml:"cohorts,omitempty"`
	// Accepted is the records the centre accepted from the region before
	// the start; duplicates are rounded on the running total from it.
	Accepted int64 `yaml:"accepted,omitempty" what:"records" max:"1e13"`
}

// Blanks is a region's card-blank stock and supply.
type Blanks struct {
	Stock      Amount     `yaml:"stock" what:"blanks" max:"1e12"`
	Deliveries []Delivery `yaml:"deliveries,omitempty"`
	Reorder    *Reorder   `yaml:"reorder,omitempty"`
	// OnOrder are blanks on their way at the start (reorders and
	// allotments), each arriving at its time.
	OnOrder []Shipment `yaml:"on_order,omitempty"`
}

// Ribbons is a region's ink-ribbon stock and supply, counted in ribbons.
type Ribbons struct {
	Stock          Amount     `yaml:"stock" what:"ribbons" max:"1e9"`
	CardsPerRibbon int64      `yaml:"cards_per_ribbon" what:"cards" max:"1e6"`
	Deliveries     []Delivery `yaml:"deliveries,omitempty"`
	Reorder        *Reorder   `yaml:"reorder,omitempty"`
	// Cards, if given, is the stock in cards' worth of ribbon (so that a
	// part-used ribbon is not rounded), in place of stock x
	// cards_per_ribbon.
	Cards *int64 `yaml:"cards,omitempty" what:"cards" max:"1e15"`
	// OnOrder are ribbon reorders on their way at the start, in cards'
	// worth.
	OnOrder []Shipment `yaml:"on_order,omitempty"`
}

// Reorder asks for Amount when stock plus what is on order falls below
// Below; it arrives LeadTime later.
type Reorder struct {
	Below    int64        `yaml:"below" what:"units" max:"1e12"`
	Amount   int64        `yaml:"amount" what:"units" max:"1e12"`
	LeadTime DurationDist `yaml:"lead_time"`
}

// Site is a printing place: the city office or a district office.
type Site struct {
	Name     string `yaml:"name"`
	Printers int64  `yaml:"printers" what:"printers" max:"1e5"`
	// PrintersPerDistrict adds that many printers for each of the region's
	// districts: one site standing for every kecamatan office.
	PrintersPerDistrict int64 `yaml:"printers_per_district,omitempty" what:"printers" max:"1e5"`
	// Opens is the first day the site prints; before it the site has no
	// printers (and loses no printer-hours).
	Opens                 *Date       `yaml:"opens,omitempty"`
	CardsPerPrinterPerDay float64     `yaml:"cards_per_printer_per_day" what:"cards a day" max:"1e6"`
	Serves                []Class     `yaml:"serves,flow"`
	Breakdowns            *Breakdowns `yaml:"breakdowns,omitempty"`
	// UPSHours overrides the region's ups_hours for this site.
	UPSHours *Hours `yaml:"ups_hours,omitempty"`
	// Progress is the fraction of a card under way at the start (0 to
	// below 1), which printing carries on from.
	Progress float64 `yaml:"progress,omitempty" what:"a fraction of a card" max:"1"`
	// UPSCharge is the UPS charge at the start in hours (nil: full).
	UPSCharge *Hours `yaml:"ups_charge,omitempty"`
	// Broken are printers under repair at the start (a snapshot writes
	// those of the random breakdowns).
	Broken []BrokenNow `yaml:"broken,omitempty"`
}

// PrintersAt is the number of printers of site i of the region once open.
func (r *Region) PrintersAt(i int) int64 {
	s := &r.Sites[i]
	return s.Printers + s.PrintersPerDistrict*r.Districts
}

// Breakdowns is the failure process of each printer of a site.
type Breakdowns struct {
	Every  DurationDist `yaml:"every"`
	Repair DurationDist `yaml:"repair"`
}

// Class is a demand class.
type Class int

// The demand classes, in default priority order.
const (
	FirstTime Class = iota
	Replacement
	ElementChange
	NumClasses int = 3
)

var classNames = [NumClasses]string{"first_time", "replacement", "element_change"}

func (c Class) String() string { return classNames[c] }

// The stages of a backlog cohort (backlog.cohorts[].stage).
const (
	StageUnsent         = "unsent"
	StageAwaitingIntake = "awaiting_intake"
	StageDuplicates     = "duplicates"
	StageInVerification = "in_verification"
	StagePrintReady     = "print_ready"
)

// Stages are the cohort stages, in the order records pass through them.
var Stages = []string{StageUnsent, StageAwaitingIntake, StageDuplicates, StageInVerification, StagePrintReady}

// Cohort is Count records of Class recorded on Recorded, waiting at Stage
// at the start; without Recorded they are of the plain backlog (certified
// on the origin, queued before every dated record). Records in verification or with duplicates are released
// (print-ready) Release after the start's 00:00; records of one stage and
// release are one batch.
//
// Daily, instead of Class and Count, gives each class's counts of
// consecutive days from Recorded (what a snapshot writes, one cohort a
// stage and release).
type Cohort struct {
	Recorded *Date        `yaml:"recorded,omitempty"`
	Stage    string       `yaml:"stage"`
	Release  *Duration    `yaml:"release,omitempty"`
	Class    *Class       `yaml:"class,omitempty"`
	Count    int64        `yaml:"count,omitempty" what:"records" max:"1e12"`
	Daily    *DailyCounts `yaml:"daily,omitempty"`
}

// DailyCounts are a cohort's counts by class of consecutive days.
type DailyCounts struct {
	FirstTime     DayCounts `yaml:"first_time,omitempty"`
	Replacement   DayCounts `yaml:"replacement,omitempty"`
	ElementChange DayCounts `yaml:"element_change,omitempty"`
}

// Of returns class k's counts.
func (d *DailyCounts) Of(k Class) []int64 {
	return [NumClasses][]int64{d.FirstTime.N, d.Replacement.N, d.ElementChange.N}[k]
}

// Shipment is Amount (blanks, or cards' worth of ribbon) arriving In after
// the start's 00:00. Kind is "reorder" (the default; counted as on order by
// the reorder rule) or "allotment" (an allocation from the national
// store).
type Shipment struct {
	In     Duration `yaml:"in"`
	Amount int64    `yaml:"amount" what:"cards" max:"1e13"`
	Kind   string   `yaml:"kind,omitempty"`
}

// The kinds of a shipment on order.
const (
	ShipReorder   = "reorder"
	ShipAllotment = "allotment"
)

// BlankRequest is Orders reorders of Amount blanks each from Region,
// waiting at the national store at the start.
type BlankRequest struct {
	Region string `yaml:"region"`
	Amount int64  `yaml:"amount" what:"blanks" max:"1e12"`
	Orders int64  `yaml:"orders" what:"orders" min:"1" max:"1e9"`
}
