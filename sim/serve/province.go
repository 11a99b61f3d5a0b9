package serve

import "strings"

// provinces names the 34 provinces of 2017 by the first part of a
// region's code (Kemendagri's kode wilayah, as data/regions.csv has
// them; a test checks the two agree).
var provinces = map[string]string{
	"11": "Aceh",
	"12": "Sumatera Utara",
	"13": "Sumatera Barat",
	"14": "Riau",
	"15": "Jambi",
	"16": "Sumatera Selatan",
	"17": "Bengkulu",
	"18": "Lampung",
	"19": "Kepulauan Bangka Belitung",
	"21": "Kepulauan Riau",
	"31": "Daerah Khusus Ibukota Jakarta",
	"32": "Jawa Barat",
	"33": "Jawa Tengah",
	"34": "Daerah Istimewa Yogyakarta",
	"35": "Jawa Timur",
	"36": "Banten",
	"51": "Bali",
	"52": "Nusa Tenggara Barat",
	"53": "Nusa Tenggara Timur",
	"61": "Kalimantan Barat",
	"62": "Kalimantan Tengah",
	"63": "Kalimantan Selatan",
	"64": "Kalimantan Timur",
	"65": "Kalimantan Utara",
	"71": "Sulawesi Utara",
	"72": "Sulawesi Tengah",
	"73": "Sulawesi Selatan",
	"74": "Sulawesi Tenggara",
	"75": "Gorontalo",
	"76": "Sulawesi Barat",
	"81": "Maluku",
	"82": "Maluku Utara",
	"91": "Papua",
	"92": "Papua Barat",
}

// Province is the province of a region's code ("16.71" is in Sumatera
// Selatan), "" when the code names none.
func Province(code string) string {
	p, _, _ := strings.Cut(code, ".")
	return provinces[p]
}
