# Evidence table, executed by make_toml.py (needs `gn` from there). Holder = faction id on 2 March 2020.
def _fp(name, stretch, holder, since, sources, gname=None, coords=None, coords_source=None, note=None):
    d = {"name": name, "stretch": stretch, "holder": holder, "since": since}
    if gname:
        la, lo, gid = gn[gname]
        d.update(lat=la, lon=lo, coords_source=f"GeoNames {gid}")
    elif coords:
        d.update(lat=coords[0], lon=coords[1], coords_source=coords_source)
    else:
        d["coords_source"] = "not found"
    d["sources"] = sources
    if note:
        d["note"] = note
    return d

A, B, C, D, E, F, G, H = ("Latakia hills and the M4 west of Jisr ash-Shughur", "Ghab plain and Jabal Shahshabu",
    "Jabal al-Zawiya: the Kafr Nabl salient", "Ariha - Saraqeb", "Saraqeb - Taftanaz (west of the M5)",
    "Western Aleppo countryside", "Afrin line and the Shahba pocket", "Euphrates Shield, Manbij and Peace Spring edges")
FRONT_PLACES = [
 _fp("Kinsabba", A, "government", "2016-02", ["wiki-jabal-akrad"], gname="Kinnsibbā"),
 _fp("Kabani", A, "opposition", "2016 (TIP/HTS); army attacks repelled 2019-2020", ["kabani-wiki", "almasdar-kabani-2019", "almasdar-kabani-2020", "wiki-2019-offensive"], coords=(35.71833, 36.23361), coords_source="Wikipedia (kabani-wiki)"),
 _fp("Bdama", A, "opposition", "2015", ["southfront-m4-strip"], gname="Bdāmā", note="On the M4 inside the 75 km militant-held stretch that ended at Ayn al-Bayda."),
 _fp("Ayn al-Bayda / Ain al-Hour (M4, northern Latakia)", A, "opposition (western end of the held M4 stretch)", "", ["southfront-m4-strip"], note="Western end of the M4 stretch in militant hands and of the planned joint patrol route; position on the M4 at the Latakia-Idlib line, no gazetteer point found."),
 _fp("Jisr ash-Shughur", A, "opposition", "2015", ["team-facts", "almasdar-kabani-2020"], gname="Jisr ash Shughūr"),
 _fp("Ishtabraq", A, "opposition", "2015", ["eshtabraq-wiki", "iswnews-ishtabraq"], coords=(35.79333, 36.29167), coords_source="Wikipedia (eshtabraq-wiki)"),
 _fp("Ziyarah (al-Ziyarah, northern Ghab)", B, "opposition", "", ["team-facts"], gname="Az Ziyārah", note="UNCERTAIN: no 2020 source found for its holder; drawn on the opposition side from the general picture of the northern Ghab after 2019."),
 _fp("Daqmaq (Ghab)", B, "opposition", "regained late Feb / early Mar 2020 (UNCERTAIN date)", ["sohr-daqmaq"]),
 _fp("Qal'at al-Madiq", B, "government", "2019-05", ["wiki-2019-offensive"], gname="Qal‘at al Maḑīq"),
 _fp("Sher Mughar (Turkish post)", B, "on the line (UNCERTAIN)", "", ["alalam-sher-mughar", "geopolitics-shahshabu", "npa-sheikh-aqil"], note="North of Qal'at al-Madiq on Jabal Shahshabu."),
 _fp("Kafr Uwayd", B, "opposition", "retaken ~1 Mar 2020 (army held it ~26-28 Feb)", ["rt-saraqib-27-feb", "almasdar-4-mar", "sohr-daqmaq", "esyria-kafr-uwayd"], note="At the southern end of Jabal al-Zawiya, ~850 m, overlooking the Ghab."),
 _fp("Sfuhun (Safahun)", C, "opposition", "2020-03-01", ["southfront-1-mar", "almasdar-4-mar"], note="North of Hazarin; the army was attacking it again on 4 Mar."),
 _fp("Fatira, Fleifel, Kafr Mousa, Kawkaba", C, "opposition", "2020-03-01", ["southfront-1-mar", "aa-sna-villages-2-mar"], note="Opposition and Turkish claims; no pro-government report of their recapture by 2 Mar found."),
 _fp("Hazarin", C, "government", "2020-03-02 (lost 1 Mar, retaken 2 Mar)", ["southfront-2-mar", "almasdar-zawiya-2-mar", "aa-sna-villages-2-mar"], note="Directly west of Kafr Nabl."),
 _fp("Dar al-Kabira", C, "government", "2020-03-02 (lost 1 Mar, retaken 2 Mar)", ["southfront-2-mar", "almasdar-zawiya-2-mar", "aa-sna-villages-2-mar"]),
 _fp("Kafr Nabl (Kafranbel)", C, "government", "2020-02-25", ["afp-kafranbel", "ahval-kafranbel", "southfront-kafrnabl", "panarmenian-2-mar"], gname="Kafranbel"),
 _fp("Hass, Bisaqla, Ba'rabu, Qiratah, Sahab, Qa'uri, Deir Sunbul", C, "government", "2020-02-25", ["southfront-kafrnabl"], note="Villages around Kafr Nabl, on the way north towards Ehsem and al-Bara."),
 _fp("Kafr Sijnah, Ma'ar Taseen, Jabla, Ma'ar Tamatar", C, "government", "2020-02-24", ["almasdar-24-feb", "iswnews-24-feb"]),
 _fp("Hantutin", C, "government", "2020-02-24", ["iswnews-24-feb"], note="North of Maarat al-Numan (ISWNews, Iranian outlet, only source)."),
 _fp("Ehsem (Ihsim)", C, "opposition", "", ["iswnews-24-feb"], gname="Iḩsim", note="A Turkish convoy entered Ehsem from the al-Bara road on 23-24 Feb: opposition side."),
 _fp("Balyun", C, "opposition", "", ["balyun-strike-afp", "team-facts"], coords=(35.700, 36.500), coords_source="Wikipedia, to about 1 minute of arc (team notes)", note="Turkish position hit on 27 Feb (34 soldiers killed)."),
 _fp("Ariha", D, "opposition", "", ["ocha-14-jan", "npa-sheikh-aqil"], gname="Arīḩā", note="About 9 km from the line."),
 _fp("Majdaliya and Minnatif (outskirts of Ariha)", D, "opposition", "", ["islamtimes-dadikh-3-mar"], note="Named by a pro-Iranian source as the Nusra strongholds the defenders of Dadikh fell back to."),
 _fp("Dadikh and Kafr Batikh", D, "government (contested)", "lost 27 Feb, retaken night of 2-3 Mar", ["almasdar-dadikh-27-feb", "islamtimes-dadikh-3-mar", "substack-2024-saraqib"]),
 _fp("Jawbas (Jubas)", D, "government", "2020-02", ["almasdar-nayrab-afis-27-feb"], note="Army held it against attacks on 27 Feb."),
 _fp("Nayrab (Idlib)", D, "opposition", "2020-02-24/25", ["reuters-nairab-25-feb", "almasdar-nayrab-24-feb", "syrianobserver-2024"], note="On the M4 west of Saraqeb; no gazetteer point found."),
 _fp("Saraqeb", D, "government (contested)", "re-entered 2020-03-02", ["almasdar-saraqib-2-mar", "aljazeera", "graphicnews-saraqeb-27-feb"], gname="Saraqib"),
 _fp("Sarmin", D, "opposition", "", ["syrianobserver-2024", "ocha-sitrep-7"], gname="Sarmīn", note="Proxy: shelled as an opposition town in November 2024."),
 _fp("Afis", E, "opposition", "2020-02-26", ["almasdar-nayrab-afis-27-feb", "fna-afis-5-mar", "syrianobserver-2024"], gname="Afis"),
 _fp("Taftanaz", E, "opposition", "", ["southfront-15-feb", "syrianobserver-2024"], gname="Taftanāz", note="Turkish base at the air base since early Feb; the army took nearby Maarat al-Naasan on 15 Feb."),
 _fp("Binnish", E, "opposition", "", ["syrianobserver-2024"], gname="Binnish"),
 _fp("Maarat al-Naasan", E, "government", "2020-02-15", ["southfront-15-feb"]),
 _fp("Kafr Halab", E, "government", "2020-02", ["muraselon-kafr-halab", "wiki-kafr-halab"], note="Zardana lies west of it, Kafr Nuran north-west, Taftanaz south-west."),
 _fp("Tell Tuqan", E, "government", "2020-02-05", ["chinadaily-tell-tuqan", "team-facts"], coords=(35.8225, 36.95306), coords_source="Wikipedia mirror (team notes)"),
 _fp("al-Eis", E, "government", "2020-02-08", ["team-facts"], coords=(35.996389, 37.000556), coords_source="Polish Wikipedia mirror (team notes)"),
 _fp("az-Zarbah (M5)", E, "government", "2020-02 (M5 fully held 11 Feb)", ["reuters-m5-11-feb", "team-facts"], gname="Az Zarbah"),
 _fp("Atarib", F, "opposition", "", ["ocha-flash-20-feb", "xinhua-sohr-2024"], gname="Al Atārib", note="At the front line in Feb 2020 (OCHA); shelled by the government in 2024."),
 _fp("Abzimu", F, "opposition", "", ["arwiki-abzimu", "syrianobserver-2024"], note="4 km east of Atarib; Taqad to the north, Tadil to the east, Kafr Amma to the south."),
 _fp("Kafr Nuran", F, "opposition", "", ["focusaleppo-kafr-nuran"], note="About 4 km from Atarib, next to government positions."),
 _fp("Kafr Taal and Taqad", F, "opposition", "", ["syrianobserver-2024"], note="Proxy: hit by Russian strikes as opposition places on 27 Nov 2024."),
 _fp("Daret Izza", F, "opposition", "", ["xinhua-sohr-2024", "ocha-flash-20-feb", "npa-sheikh-aqil"], gname="Dārat ‘Izzah"),
 _fp("Qubtan al-Jabal", F, "government", "2020-02 (16-17 Feb advance)", ["xinhua-sohr-2024", "syrianobserver-2024", "akhbaralaan-2016"], note="About 24 km east of Bab al-Hawa (Akhbar al-Aan); next to Sheikh Aqil."),
 _fp("Sheikh Aqil", F, "government", "2020-02; rebels held it briefly 4-5 Mar", ["southfront-sheikh-aqil-5-mar", "xinhua-sohr-2024"]),
 _fp("Kafr Basin, Hawr, Anjara, Basratun, Ajil, Bala", F, "government", "2020-02", ["syrianobserver-2024", "anews-2024"], note="Proxy: taken from the government on 27 Nov 2024, so on the government side of the frozen 2020 line."),
 _fp("Urum al-Kubra", F, "government", "2020-02-14", ["almasdar-14-feb", "sana-17-feb", "wiki-urum-kubra"], coords=(36.1486, 36.95), coords_source="Wikipedia (wiki-urum-kubra), 36 08 55 N 36 57 00 E"),
 _fp("Urum al-Sughra, Regiment 46, Kafr Naha, al-Sheikh Ali", F, "government", "2020-02-14/17", ["sana-17-feb", "southfront-15-feb"]),
 _fp("Anadan", F, "government", "2020-02-16", ["sana-17-feb", "team-facts"], coords=(36.29361, 37.04444), coords_source="German Wikipedia mirror (team notes)"),
 _fp("Huraytan", F, "government", "2020-02-16/17", ["sana-17-feb", "hawar-sohr-16-feb"], gname="Ḩuraytān"),
 _fp("Hayyan, Bayanoun, Kafr Hamra", F, "government", "2020-02-16/17", ["sana-17-feb", "hawar-sohr-16-feb"]),
 _fp("Burj Abdullah", G, "turkey-sna", "2018-03-20", ["burj-abdullah-wiki"], coords=(36.4108, 36.8622), coords_source="Wikipedia (burj-abdullah-wiki), 36 24 39 N 36 51 44 E"),
 _fp("Nubl (and Zahraa)", G, "government", "2016-02", ["acu-nubl-2016"], gname="Nubl"),
 _fp("Tal Rifaat", G, "sdf (with government and Russian troops)", "2016-02", ["muraselon-tal-rifaat", "ahval-tal-rifaat"], gname="Tall Rif‘at"),
 _fp("Azaz", G, "turkey-sna", "2016", ["wiki-turkish-occupation"], gname="I‘zāz"),
 _fp("Marea", G, "turkey-sna", "2016", ["wiki-turkish-occupation"], gname="Māri‘", note="Not named in the source; SNA-held since the Euphrates Shield operation (UNCERTAIN sourcing only)."),
 _fp("al-Bab", H, "turkey-sna", "2017-02", ["wiki-turkish-occupation", "komnews-arima"], gname="Al Bāb"),
 _fp("Tadif", H, "government", "2017-02", ["komnews-arima"], gname="Tādif", note="Government positions at Tadef south of al-Bab (2017)."),
 _fp("al-Arimah", H, "government (with Russian troops)", "2017-03", ["komnews-arima"], gname="Al ‘Arīmah", note="Strip handed by the Manbij Military Council to the government."),
 _fp("Manbij", H, "sdf (government troops and Russian MP present)", "2016-08; deal of 2019-10-15", ["wapo-manbij", "defensepost-manbij"], gname="Manbij"),
 _fp("Jarablus", H, "turkey-sna", "2016-08", ["wiki-turkish-occupation"], gname="Jarābulus"),
 _fp("Tall Tamr", H, "sdf (government troops present)", "deal of 2019-10-14", ["wapo-manbij"], gname="Tall Tamr"),
 _fp("Tal Abyad", H, "turkey-sna", "2019-10-13", ["afp-tal-abyad"], gname="Tall Abyaḑ"),
 _fp("Ras al-Ayn", H, "turkey-sna", "2019-10", ["hurriyet-m4"], gname="Ra’s al ‘Ayn"),
]
