// Dashboard KPI: saves the contract and weekly values through the API, then reloads the page to redraw the reading.
(function () {
  'use strict';
  const { api, showError } = window.UI;
  const errorBox = document.getElementById('kpi-error');
  const contract = document.getElementById('kpi-contract-form');
  const value = document.getElementById('kpi-value-form');
  async function save(path, method, body) {
    showError(errorBox, '');
    try {
      await api(path, { method, json: body });
      location.reload();
    } catch (err) {
      showError(errorBox, err.message);
    }
  }
  if (contract) {
    contract.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = contract.elements;
      save('/api/kpi/contract', 'PUT', {
        name: f.name.value.trim(),
        unit: f.unit.value.trim(),
        measurement: f.measurement.value,
        howMeasured: f.howMeasured.value.trim(),
        direction: f.direction.value,
        baseline: Number(f.baseline.value),
        goLive: Number(f.goLive.value),
        kill: Number(f.kill.value),
      });
    });
  }
  if (value) {
    value.addEventListener('submit', (e) => {
      e.preventDefault();
      save('/api/kpi/values', 'POST', { week: value.elements.week.value, value: Number(value.elements.value.value) });
    });
  }
})();
