package collector

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the collector's Prometheus metrics, on a registry of their
// own (several handlers in one process, as in tests, do not collide).
type metrics struct {
	reg          *prometheus.Registry
	reports      *prometheus.CounterVec // accepted, by verdict
	duplicates   prometheus.Counter
	rejected     *prometheus.CounterVec // by reason
	storeLatency prometheus.Histogram
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		reports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pinkit_collect_reports_accepted_total",
			Help: "Reports accepted with 202 (repeats included), by verdict.",
		}, []string{"verdict"}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pinkit_collect_reports_deduplicated_total",
			Help: "Accepted reports folded into an identical stored report.",
		}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pinkit_collect_reports_rejected_total",
			Help: "Reports refused, by reason (rate_limited, too_large, unreadable, malformed, store_error).",
		}, []string{"reason"}),
		storeLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "pinkit_collect_store_seconds",
			Help:    "Time from handing a report to the store until its transaction committed.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}),
	}
	for _, v := range Verdicts {
		m.reports.WithLabelValues(string(v))
	}
	for _, r := range []string{"rate_limited", "too_large", "unreadable", "malformed", "store_error"} {
		m.rejected.WithLabelValues(r)
	}
	m.reg.MustRegister(m.reports, m.duplicates, m.rejected, m.storeLatency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) accepted(v Verdict, duplicate bool) {
	m.reports.WithLabelValues(string(verdictOrUnknown(v))).Inc()
	if duplicate {
		m.duplicates.Inc()
	}
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
