import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { Public, Roles } from '@emporium/platform-auth';
import { CategoriesService } from '../application/categories.service';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

/** The category tree. */
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Public()
  @Get()
  tree() {
    return this.categories.tree();
  }

  @Post()
  @Roles('merchant', 'admin')
  create(@Body() dto: CreateCategoryDto) {
    return this.categories.create(dto);
  }

  /** Rename, re-slug or move a category with its whole subtree. */
  @Patch(':id')
  @Roles('merchant', 'admin')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCategoryDto) {
    return this.categories.update(id, dto);
  }
}
