package report

import (
	"html/template"
	"strings"
)

// Marker is how every briefing starts: ektpsim report overwrites only a
// file that starts with it (or a report.html inside a result folder).
const Marker = "<!DOCTYPE html>\n<!-- written by ektpsim report -->\n"

// page is the briefing's template: one file, styles inline, images as data
// URLs, no script; A4 in print, one column on a phone.
var page = template.Must(template.New("briefing").Funcs(template.FuncMap{"breakable": breakable}).Parse(`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
  :root { --ink: #1f2d3a; --muted: #5d6d7e; --rule: #d5dbe1; --accent: #2e86c1; }
  * { box-sizing: border-box; }
  /* Run names such as "example-2017+central.intake_per_day=100000" are one
     long word: let them break rather than widen the page on a phone. */
  h1, h2, h3, p, li, caption, figcaption { overflow-wrap: anywhere; }
  /* In a table, only a word too long for any line breaks: anywhere would
     let the browser squeeze a column until "period" reads "perio d". */
  th { overflow-wrap: break-word; }
  thead th.n { white-space: normal; }
  body { margin: 0 auto; max-width: 60rem; padding: 1.2rem; color: var(--ink);
         font: 16px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
  h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
  h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
  h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
  .meta { color: var(--muted); font-size: .9rem; margin: 0 0 1rem; }
  ul.findings { padding-left: 1.2rem; }
  ul.findings li { margin: .35rem 0; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
  th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
  /* A figure is one word and never breaks; an interval or a period
     ("from 20 June 2017 until 2 April 2018") wraps at its spaces rather
     than widen the table past the page. */
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  .scroll { overflow-x: auto; }
  figure { margin: 1rem 0 1.6rem; break-inside: avoid; page-break-inside: avoid; }
  figure img { display: block; width: 100%; height: auto; border: 1px solid var(--rule); }
  figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
  details summary { cursor: pointer; color: var(--accent); }
  details.run > summary h2 { display: inline-block; margin: 1.2rem 0 .4rem; }
  .warning { border: 2px solid #c0392b; background: #fdecea; padding: .6rem .8rem; }
  .note, .means { color: var(--muted); font-size: .9rem; }
  figure picture { display: block; }
  table.key td:first-child { min-width: 9rem; }
  table.key th.n { min-width: 5.5rem; }
  @media (max-width: 40rem) { body { padding: .7rem; font-size: 15px; } h1 { font-size: 1.3rem; } }
  /* On a phone a table of several runs is a list: a figure, then each
     run's value (and the difference) on a line of its own, named. */
  @media screen and (max-width: 600px) {
    table.key.multi thead { display: none; }
    table.key.multi tr { display: block; border-bottom: 1px solid var(--rule); padding: .3rem 0; }
    table.key.multi td { display: flex; justify-content: space-between; gap: .8rem; border: 0; padding: .1rem .3rem; }
    table.key.multi td:first-child { font-weight: bold; white-space: normal; }
    table.key.multi td.n::before { content: attr(data-label); color: var(--muted); text-align: left; overflow-wrap: anywhere; white-space: normal; min-width: 0; }
    table.key.multi td.n:empty { display: none; }
  }
  @page { size: A4; margin: 16mm 14mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 10.5pt; }
    h2 { break-after: avoid; page-break-after: avoid; }
    details.regions > summary { display: none; }
    details.run:not([open]) > summary::after { content: "(folded: open the HTML file to read this run's findings, charts and assumptions)"; display: block; font-size: 9pt; color: var(--muted); }
    .scroll { overflow: visible; }
    table { font-size: 8.5pt; }
    table.key th.n { min-width: 4.8rem; }
    a { color: inherit; text-decoration: none; }
  }
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="meta">Briefing written by ektpsim on {{.Generated}} from simulated runs. Every sentence below is computed from the run's figures, and every number in it is the key table's.</p>
</header>
{{define "figure"}}<figure>{{if .Phone}}<picture><source media="(max-width: 600px)" srcset="{{.Phone}}"><img src="{{.Data}}" alt="{{.Title}}"></picture>{{else}}<img src="{{.Data}}" alt="{{.Title}}">{{end}}<figcaption>{{.Caption}}</figcaption></figure>{{end}}
{{define "key"}}<div class="scroll"><table class="key{{if .Multi}} multi{{end}}">
<thead><tr><th>figure</th>{{range .KeyHead}}<th class="n">{{breakable .}}</th>{{end}}</tr></thead>
<tbody>{{range .Key}}<tr><td>{{.Label}}</td>{{range $i, $c := .Cells}}<td class="n" data-label="{{index $.KeyHead $i}}">{{$c}}</td>{{end}}</tr>{{end}}</tbody>
</table></div>
{{if .NationKey}}<details class="nation"><summary>The nation's figures, for context ({{len .NationKey}})</summary>
<div class="scroll"><table class="key{{if .Multi}} multi{{end}}">
<thead><tr><th>figure</th>{{range .KeyHead}}<th class="n">{{breakable .}}</th>{{end}}</tr></thead>
<tbody>{{range .NationKey}}<tr><td>{{.Label}}</td>{{range $i, $c := .Cells}}<td class="n" data-label="{{index $.KeyHead $i}}">{{$c}}</td>{{end}}</tr>{{end}}</tbody>
</table></div>
</details>{{end}}
<p class="note">{{.KeyNote}}</p>{{end}}
{{define "nation"}}{{if .NationFindings}}<details class="nation"><summary>The nation, for context</summary>
<ul class="findings">{{range .NationFindings}}<li>{{.}}</li>{{end}}</ul>
</details>{{end}}{{end}}
{{define "table"}}<div class="scroll"><table class="{{.Class}}">
<thead><tr><th>{{.First}}</th>{{range .Head}}<th class="n">{{breakable .}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><td>{{.Label}}</td>{{range $i, $c := .Cells}}<td class="n" data-label="{{index $.Head $i}}">{{$c}}</td>{{end}}</tr>{{end}}</tbody>
</table></div>{{end}}
{{define "waves"}}{{if .Waves}}<h3>Where the blanks went</h3>
<div class="scroll"><table class="key multi waves">
<thead><tr><th>allocation</th>{{range .WaveHead}}<th class="n">{{breakable .}}</th>{{end}}</tr></thead>
<tbody>{{range .Waves}}<tr><td>{{.Label}}</td>{{range $i, $c := .Cells}}<td class="n" data-label="{{index $.WaveHead $i}}">{{$c}}</td>{{end}}</tr>{{end}}</tbody>
</table></div>{{end}}{{end}}
{{define "run"}}{{if .Description}}<p class="desc">{{.Description}}</p>{{end}}
<p class="means">{{.Means}}</p>
<ul class="findings">{{range .Findings}}<li>{{.}}</li>{{end}}</ul>
{{template "nation" .}}
{{template "waves" .}}
{{range .Figures}}{{template "figure" .}}{{end}}
<h3>Assumptions of {{.Name}}</h3>
<div class="scroll"><table><tbody>
{{range .Assumptions}}<tr><th>{{.Label}}</th>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>{{end}}
</tbody></table></div>
<details class="regions"><summary>Every region's assumptions ({{len .Regions}})</summary>
<div class="scroll"><table>
<thead><tr><th>region</th>{{range .RegionHead}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Regions}}<tr><td>{{.Label}}</td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>{{end}}</tbody>
</table></div>
</details>{{end}}
{{if .Multi}}
{{range .Warnings}}<p class="warning" role="alert"><strong>Warning:</strong> {{.}}</p>{{end}}
<section>
<h2>How the runs differ</h2>
{{range .Inputs}}<p><strong>Inputs of {{.Label}}</strong> that differ from the first run's:</p>
<ul class="inputs">{{range .Cells}}<li>{{.}}</li>{{else}}<li>none</li>{{end}}</ul>{{end}}
<ul class="findings">{{range .Findings}}<li>{{.}}</li>{{end}}</ul>
{{template "nation" .}}
{{template "key" .}}
{{if .Interest.Rows}}<h3>Regions of interest</h3>
{{template "table" .Interest}}{{end}}
{{range .Comparison}}{{template "figure" .}}{{end}}
</section>
{{range .Gains}}<section class="gains">
<h2>Who gains and who loses: {{.Run}}</h2>
<p>{{.Sentence}}</p>
{{if .Better.Rows}}<h3>Better off</h3>{{template "table" .Better}}{{end}}
{{if .Worse.Rows}}<h3>Worse off</h3>{{template "table" .Worse}}{{end}}
{{if .More}}<p class="note">{{.More}}</p>{{end}}
</section>{{end}}
{{range .Sections}}<section>
<details class="run"><summary><h2>Details: {{.Name}}</h2></summary>
{{template "run" .}}
</details>
</section>{{end}}
{{else}}{{range .Sections}}<section>
<h2>Findings: {{.Name}}</h2>
{{if .Description}}<p class="desc">{{.Description}}</p>{{end}}
<p class="means">{{.Means}}</p>
<ul class="findings">{{range .Findings}}<li>{{.}}</li>{{end}}</ul>
{{template "nation" .}}
{{template "waves" .}}
</section>
<section>
<h2>Key figures</h2>
{{template "key" $}}
</section>
<section>
<h2>Charts and assumptions: {{.Name}}</h2>
{{range .Figures}}{{template "figure" .}}{{end}}
<h3>Assumptions of {{.Name}}</h3>
<div class="scroll"><table><tbody>
{{range .Assumptions}}<tr><th>{{.Label}}</th>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>{{end}}
</tbody></table></div>
<details class="regions"><summary>Every region's assumptions ({{len .Regions}})</summary>
<div class="scroll"><table>
<thead><tr><th>region</th>{{range .RegionHead}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Regions}}<tr><td>{{.Label}}</td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>{{end}}</tbody>
</table></div>
</details>
</section>{{end}}{{end}}
</body>
</html>
`))

// breakable is a column heading that may wrap after the + = . and _ of a
// run's name made of its --set options
// ("palembang-2017+central.intake_per_day=200000+replications=3"),
// which is one long word otherwise and widens its table past the page.
func breakable(s string) template.HTML {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(template.HTMLEscapeString(string(r)))
		if strings.ContainsRune("+=._", r) {
			b.WriteString("<wbr>")
		}
	}
	return template.HTML(b.String())
}
