// Groundwork's board: drag a card to another column, or focus it and
// press the left or right arrow key, and the card's own Move form is
// posted with that stage, the same form that works without this file.
(function () {
	'use strict';
	var board = document.querySelector('.board[data-editable]');
	if (!board) return;
	var dragged = null;

	function columnOf(el) {
		return el.closest('.board-col');
	}

	// Post the card's Move form with the stage of the column given.
	function moveTo(card, column) {
		var form = card.querySelector('form.board-move');
		if (!form || !column || column === columnOf(card)) return;
		var select = form.querySelector('select[name="to_stage_id"]');
		var stage = column.getAttribute('data-stage');
		var known = Array.prototype.some.call(select.options, function (o) {
			return o.value === stage;
		});
		if (!known) return;
		select.value = stage;
		card.classList.add('moving');
		form.submit();
	}

	board.addEventListener('dragstart', function (e) {
		var card = e.target.closest && e.target.closest('.board-card');
		if (!card) return;
		dragged = card;
		e.dataTransfer.effectAllowed = 'move';
		e.dataTransfer.setData('text/plain', card.getAttribute('data-deal'));
	});
	board.addEventListener('dragend', function () {
		dragged = null;
		Array.prototype.forEach.call(board.querySelectorAll('.drop-target'),
			function (c) { c.classList.remove('drop-target'); });
	});
	board.addEventListener('dragover', function (e) {
		var column = columnOf(e.target);
		if (!dragged || !column) return;
		e.preventDefault();
		e.dataTransfer.dropEffect = 'move';
		column.classList.add('drop-target');
	});
	board.addEventListener('dragleave', function (e) {
		var column = columnOf(e.target);
		if (column && !column.contains(e.relatedTarget)) column.classList.remove('drop-target');
	});
	board.addEventListener('drop', function (e) {
		var column = columnOf(e.target);
		if (!dragged || !column) return;
		e.preventDefault();
		moveTo(dragged, column);
	});
	board.addEventListener('keydown', function (e) {
		var card = e.target;
		if (!card.classList || !card.classList.contains('board-card')) return;
		if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
		var columns = Array.prototype.slice.call(board.querySelectorAll('.board-col'));
		var i = columns.indexOf(columnOf(card)) + (e.key === 'ArrowRight' ? 1 : -1);
		if (i < 0 || i >= columns.length) return;
		e.preventDefault();
		moveTo(card, columns[i]);
	});
}());
