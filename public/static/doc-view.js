// Document view: bring the cited span into view.
(function () {
  'use strict';
  const span = document.getElementById('span');
  if (span) span.scrollIntoView({ block: 'center' });
})();
